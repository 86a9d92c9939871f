package dev.airlock.adapter.scan.sarif;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs one external tool without a shell: scrubbed environment, no input, output drained and
 * bounded (only a short tail is kept for messages), killed with its whole process tree when it
 * runs past its time.
 */
final class ToolProcess {
  /** How much of the tool's combined output is kept for error messages. */
  static final int TAIL_BYTES = 2048;
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  /** Variables that carry credentials by name; every {@code AWS_*} and {@code AIRLOCK_*} variable goes too. */
  private static final Pattern SECRET_NAME = Pattern.compile(
      ".*(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|AUTH).*");

  /** How a run ended. */
  sealed interface Outcome {
    /** The tool exited by itself with {@code code}; {@code tail} is the end of its output. */
    record Exited(int code, String tail) implements Outcome {}

    /** The tool ran past its time and was killed. */
    record TimedOut(String tail) implements Outcome {}
  }

  private ToolProcess() {}

  /**
   * The environment a tool sees: the given one without Airlock's settings, AWS variables
   * (credentials, container credential endpoints, profiles) and anything named like a secret.
   */
  static Map<String, String> scrubbed(Map<String, String> environment) {
    Map<String, String> kept = new TreeMap<>();
    environment.forEach((name, value) -> {
      String upper = name.toUpperCase(Locale.ROOT);
      if (!upper.startsWith("AWS_") && !upper.startsWith("AIRLOCK_") && !SECRET_NAME.matcher(upper).matches()) {
        kept.put(name, value);
      }
    });
    return kept;
  }

  /**
   * Runs {@code arguments} in {@code workingDir} and waits at most {@code timeout}.
   *
   * @throws IOException when the program cannot be started
   * @throws InterruptedException when the waiting thread is interrupted (the tool is killed first)
   */
  static Outcome run(List<String> arguments, Path workingDir, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(arguments)
        .directory(workingDir.toFile())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(scrubbed(environment));
    Process process = builder.start();
    Tail tail = new Tail();
    Thread drainer = Thread.ofVirtual().name("sarif-tool-output").start(() -> tail.drain(process.getInputStream()));
    try {
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        killTree(process);
        drainer.join(DRAIN_GRACE);
        return new Outcome.TimedOut(tail.text());
      }
      drainer.join(DRAIN_GRACE);
      return new Outcome.Exited(process.exitValue(), tail.text());
    } finally {
      if (process.isAlive()) {
        killTree(process);
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly); // stragglers a finished tool left
    }
  }

  /** Kills the tool and every process it started (children are listed before the parent dies). */
  private static void killTree(Process process) throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      CompletableFuture.allOf(descendants.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
          .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // SIGKILL was sent; a process the system has not reaped yet is not worth waiting longer for
    }
  }

  /** The last {@link #TAIL_BYTES} bytes of a stream that is read to its end. */
  private static final class Tail {
    private final byte[] ring = new byte[TAIL_BYTES];
    private long total;

    void drain(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          append(buffer, n);
        }
      } catch (IOException e) {
        // the process is gone; what was read is kept
      }
    }

    private synchronized void append(byte[] buffer, int n) {
      for (int i = 0; i < n; i++) {
        ring[(int) (total++ % TAIL_BYTES)] = buffer[i];
      }
    }

    synchronized String text() {
      int size = (int) Math.min(total, TAIL_BYTES);
      byte[] bytes = new byte[size];
      long start = total - size;
      for (int i = 0; i < size; i++) {
        bytes[i] = ring[(int) ((start + i) % TAIL_BYTES)];
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
