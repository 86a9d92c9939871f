package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A PyPI emulation on WireMock for policy tests: the JSON API with each file's upload time and yanked
 * flag, PEP 658 metadata, and real wheels built here whose METADATA declares the licence given.
 */
final class PypiEmulation {
  private PypiEmulation() {}

  /** One release: a pure-Python wheel with one module, its licence and dependencies, and the registry's word on it. */
  record Release(String name, String version, List<String> requires, Optional<String> licenceExpression,
      Instant uploadedAt, boolean yanked) {
    static Release of(String name, String version, String licence, Instant uploadedAt) {
      return new Release(name, version, List.of(), Optional.of(licence), uploadedAt, false);
    }

    Release needing(String... requirements) {
      return new Release(name, version, List.of(requirements), licenceExpression, uploadedAt, yanked);
    }

    Release yankedNow() {
      return new Release(name, version, requires, licenceExpression, uploadedAt, true);
    }

    Release withoutLicence() {
      return new Release(name, version, requires, Optional.empty(), uploadedAt, yanked);
    }
  }

  /** Serves {@code releases} on {@code wm}: {@code /pypi/<name>/json}, {@code /files/<wheel>} and its {@code .metadata}. */
  static void serve(WireMockRuntimeInfo wm, List<Release> releases) throws Exception {
    Map<String, StringBuilder> projects = new LinkedHashMap<>();
    for (Release release : releases) {
      String dist = release.name().replace('-', '_');
      String fileName = dist + "-" + release.version() + "-py3-none-any.whl";
      String metadata = metadata(release);
      byte[] wheel = wheel(release, metadata);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
      wm.getWireMock().register(get(urlPathEqualTo("/files/" + fileName))
          .willReturn(aResponse().withStatus(200).withBody(wheel)));
      wm.getWireMock().register(get(urlPathEqualTo("/files/" + fileName + ".metadata"))
          .willReturn(aResponse().withStatus(200).withBody(metadata)));
      StringBuilder json = projects.computeIfAbsent(release.name(), n -> new StringBuilder());
      json.append(json.isEmpty() ? "" : ",").append('"').append(release.version()).append("\":[{\"filename\":\"")
          .append(fileName).append("\",\"url\":\"").append(wm.getHttpBaseUrl()).append("/files/").append(fileName)
          .append("\",\"digests\":{\"sha256\":\"").append(sha256)
          .append("\"},\"packagetype\":\"bdist_wheel\",\"requires_python\":\">=3.8\",\"yanked\":")
          .append(release.yanked()).append(release.yanked() ? ",\"yanked_reason\":\"broken build\"" : "")
          .append(",\"upload_time_iso_8601\":\"").append(release.uploadedAt()).append("\"}]");
    }
    for (var project : projects.entrySet()) {
      wm.getWireMock().register(get(urlPathEqualTo("/pypi/" + project.getKey() + "/json"))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("{\"info\":{\"name\":\"" + project.getKey() + "\"},\"releases\":{" + project.getValue()
                  + "}}")));
    }
  }

  private static String metadata(Release release) {
    StringBuilder s = new StringBuilder("Metadata-Version: 2.4\nName: " + release.name() + "\nVersion: "
        + release.version() + "\n");
    release.licenceExpression().ifPresent(l -> s.append("License-Expression: ").append(l).append('\n'));
    s.append("Requires-Python: >=3.8\n");
    release.requires().forEach(r -> s.append("Requires-Dist: ").append(r).append('\n'));
    return s.toString();
  }

  private static byte[] wheel(Release release, String metadata) throws Exception {
    String module = release.name().replace('-', '_');
    String distInfo = module + "-" + release.version() + ".dist-info/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(module + "/__init__.py", "VALUE = 1\n");
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
}
