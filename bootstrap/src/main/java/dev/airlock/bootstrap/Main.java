package dev.airlock.bootstrap;

import dev.airlock.bootstrap.cli.Cli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code airlock} executable: the one place that touches the process's streams and exit code. */
public final class Main {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
  }

  /** Runs the CLI against the given environment and streams and returns the exit code. */
  public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err,
      Clock clock) {
    Console console = new Console(
        new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    return Cli.execute(args, environment, console, clock, runId(environment, clock));
  }

  /** CodeBuild's build id when there is one, otherwise a timestamp and a random suffix. */
  private static String runId(Map<String, String> environment, Clock clock) {
    String build = environment.get("CODEBUILD_BUILD_ID");
    if (build != null && !build.isBlank()) {
      return build;
    }
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    return RUN_TIME.format(Instant.now(clock)) + "-" + HexFormat.of().formatHex(suffix);
  }
}
