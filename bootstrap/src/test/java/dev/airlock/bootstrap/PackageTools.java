package dev.airlock.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code pip}, {@code python3} or {@code npm} for end-to-end tests, with an environment
 * that holds no pip or npm setting and no pip config file: a find-links folder or an extra index
 * (this machine sets {@code PIP_FIND_LINKS}) would let them install what Airlock never approved.
 */
final class PackageTools {
  /** What a tool printed (stdout and stderr together) and how it exited; 127 when it could not start. */
  record Result(int code, String output) {}

  private PackageTools() {}

  static Result run(Path directory, long timeoutSeconds, Map<String, String> extra, String... command)
      throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("npm_config_")
        || k.startsWith("NPM_CONFIG_") || k.equals("PYTHONPATH"));
    builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
    builder.environment().put("PYTHONNOUSERSITE", "1");
    builder.environment().putAll(extra);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(127, command[0] + " cannot be started: " + e.getMessage());
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        process.getInputStream().transferTo(output);
      } catch (IOException ignored) {
        // the process ended; what was read is kept
      }
    });
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
    }
    reader.join();
    return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
  }
}
