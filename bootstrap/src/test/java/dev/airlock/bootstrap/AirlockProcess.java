package dev.airlock.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code airlock} executable in a new JVM on the test class path, as CodeBuild would,
 * with an environment that holds no inherited {@code AWS_*} or {@code AIRLOCK_*} variable.
 */
final class AirlockProcess {
  private static final long TIMEOUT_SECONDS = 90;

  /** What one run printed and how it exited. */
  record Run(int code, String out, String err) {}

  private AirlockProcess() {}

  /**
   * The AWS SDK settings that point every client at {@code endpoint} (a local stub) with fake
   * credentials; callers add their own {@code AIRLOCK_*} settings to the map.
   */
  static Map<String, String> awsStub(String endpoint, String secretAccessKey) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIDAIRLOCKTEST");
    env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  /** Runs {@code airlock args} in {@code work}, its output kept in {@code stdout.txt} and {@code stderr.txt} there. */
  static Run run(Path work, Map<String, String> environment, List<String> args) throws Exception {
    return run(work, environment, args, TIMEOUT_SECONDS);
  }

  /**
   * As above, with a longer guard against a hung process, for tests that start several processes at
   * once on a shared machine (a guard, not a measurement: timing goes to the benchmarks).
   */
  static Run run(Path work, Map<String, String> environment, List<String> args, long timeoutSeconds)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(work.resolve("stdout.txt").toFile())
        .redirectError(work.resolve("stderr.txt").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AIRLOCK_"));
    env.putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("airlock did not finish in " + timeoutSeconds + " s");
    }
    return new Run(process.exitValue(), Files.readString(work.resolve("stdout.txt")),
        Files.readString(work.resolve("stderr.txt")));
  }
}
