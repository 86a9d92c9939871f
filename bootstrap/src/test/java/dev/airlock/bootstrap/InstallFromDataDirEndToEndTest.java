package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.bootstrap.AirlockProcess.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Approved means installable, proven with the real tools: the README's example run on the
 * embedded defaults, then the real {@code pip} installs the approved demo package from the data
 * dir's simple index with the exact command the approval gives (no other index, offline), and
 * cannot find the refused one; {@code npm} installs an approved tarball from the path it is given.
 */
@ExtendWith(DemoWorkspace.class)
class InstallFromDataDirEndToEndTest {
  private static final long TOOL_TIMEOUT_SECONDS = 300;

  @DemoWorkspace.Folder(examplesIn = "examples")
  Path work;

  @Test
  void shouldLetTheRealPipInstallTheApprovedPackageAndNotTheRefusedOneWhenTheReadmeExampleHasRun()
      throws Exception {
    assumeTrue(tool("python3", "-m", "pip", "--version").code() == 0, () -> loud(
        "python3 with pip is not installed: the pip install test of the simple index did NOT run"));

    // Given: the README's run, on the embedded defaults, in a fresh folder
    Run run = AirlockProcess.run(work, Map.of(), List.of("run", "examples/external-package-request.csv",
        "--allow-file-urls"));
    assertThat(run.code()).as(run.err()).isZero();
    String install = lineStartingWith(run.out(), "pip install ");
    String index = work.resolve("airlock-data/repository/simple").toUri().toString().replaceAll("/$", "");
    assertThat(install).isEqualTo("pip install --index-url " + index + " tidy-stats==1.0.0");

    // When: the approval's own command, into a fresh folder, nothing but that index
    Path target = work.resolve("site-packages");
    PackageTools.Result approved = pip(install.substring("pip ".length()), target);
    PackageTools.Result refused = pip("install --index-url " + index + " fast-json-helper", work.resolve("refused"));

    // Then
    assertThat(approved.code()).as(approved.output()).isZero();
    assertThat(approved.output()).contains("Successfully installed tidy-stats-1.0.0");
    assertThat(target.resolve("tidy_stats/__init__.py")).isRegularFile();
    PackageTools.Result use = tool(Map.of("PYTHONPATH", target.toString()), "python3", "-c",
        "import tidy_stats; print(tidy_stats.summary([1, 2, 3])['mean'])");
    assertThat(use.output().strip()).isEqualTo("2.0");
    assertThat(refused.code()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("No matching distribution found for fast-json-helper");
  }

  @Test
  void shouldLetTheRealNpmInstallTheApprovedTarballFromThePathTheApprovalGives() throws Exception {
    assumeTrue(tool("npm", "--version").code() == 0, () -> loud(
        "npm is not installed: the npm install test of an approved tarball did NOT run"));

    // Given: an approved npm tarball, requested under another name than its package.json says
    Files.write(work.resolve("examples/packages/download.tgz"), npmTarball("left-pad-demo", "1.3.0"));
    Path requests = Files.writeString(work.resolve("examples/npm-request.csv"), "leftpad,file:packages/download.tgz\n");
    Run run = AirlockProcess.run(work, Map.of(), List.of("run", requests.toString(), "--allow-file-urls"));
    assertThat(run.code()).as(run.err()).isZero();
    String install = lineStartingWith(run.out(), "npm install ");
    Path tarball = work.resolve("airlock-data/repository/left-pad-demo/1.3.0/left-pad-demo-1.3.0.tgz");
    assertThat(install).isEqualTo("npm install " + tarball.toAbsolutePath().normalize());
    assertThat(run.out()).contains("published as left-pad-demo");

    // When
    Path prefix = Files.createDirectories(work.resolve("notebook"));
    List<String> command = new ArrayList<>(List.of(install.split(" ")));
    command.addAll(List.of("--prefix", prefix.toString(), "--offline", "--ignore-scripts", "--no-audit", "--no-fund",
        "--cache", work.resolve("npm-cache").toString()));
    PackageTools.Result npm = tool(command.toArray(String[]::new));

    // Then
    assertThat(npm.code()).as(npm.output()).isZero();
    assertThat(prefix.resolve("node_modules/left-pad-demo/package.json")).content().contains("\"1.3.0\"");
  }

  private static String loud(String message) {
    String banner = "\n!!!!!!!! SKIPPED: " + message + " !!!!!!!!\n";
    System.err.println(banner);
    return banner;
  }

  private static String lineStartingWith(String output, String prefix) {
    return output.lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + output));
  }

  /** Runs {@code python3 -m pip <arguments> --target ...} with no pip configuration or index but the one given. */
  private PackageTools.Result pip(String arguments, Path target) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "-m", "pip"));
    command.addAll(List.of(arguments.split(" ")));
    command.addAll(List.of("--target", target.toString(), "--no-cache-dir", "--disable-pip-version-check"));
    return tool(Map.of(), command.toArray(String[]::new));
  }

  private PackageTools.Result tool(String... command) throws Exception {
    return tool(Map.of(), command);
  }

  private PackageTools.Result tool(Map<String, String> extra, String... command) throws Exception {
    return PackageTools.run(work, TOOL_TIMEOUT_SECONDS, extra, command);
  }

  /** An npm tarball as {@code npm pack} writes it: {@code package/package.json} and a module. */
  private static byte[] npmTarball(String name, String version) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, "package/package.json", "{\"name\":\"" + name + "\",\"version\":\"" + version
          + "\",\"main\":\"index.js\",\"license\":\"MIT\"}\n");
      add(tar, "package/index.js", "module.exports = (text, width) => String(text).padStart(width);\n");
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
