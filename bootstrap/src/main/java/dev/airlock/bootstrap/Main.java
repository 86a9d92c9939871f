package dev.airlock.bootstrap;

import dev.airlock.bootstrap.cli.Cli;
import dev.airlock.bootstrap.cli.ExitCodes;
import dev.airlock.configuration.Catalogue;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code airlock} executable: the one place that touches the process's streams and exit code. */
public final class Main {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC(), interactive()));
  }

  /** Runs the CLI as off a terminal (plain progress, no colours) and returns the exit code. */
  public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err,
      Clock clock) {
    return run(args, environment, out, err, clock, false);
  }

  /**
   * Runs the CLI against the given environment and streams and returns the exit code; {@code terminal}
   * says whether a person watches (live progress, colours unless {@code NO_COLOR} is set).
   */
  public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err,
      Clock clock, boolean terminal) {
    Console console = new Console(
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    Optional<String> badLogFormat = Logging.problem(environment);
    if (badLogFormat.isPresent()) {
      console.err().println("airlock: " + badLogFormat.get());
      console.err().flush();
      return ExitCodes.USAGE;
    }
    String runId = runId(environment, clock);
    // Logging is set up only for a command that works: help, --version and usage errors start faster without it.
    return Cli.execute(args, environment, console, clock, runId, terminal,
        () -> Logging.configure(environment, err, runId));
  }

  /**
   * Whether a person is at a terminal. Before Java 22 a console exists only then; from 22 on it
   * always exists and {@code Console.isTerminal()} tells (called reflectively: this code targets 21).
   */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * {@code AIRLOCK_RUN_ID} when set (the workers of one run share it), else CodeBuild's build id when
   * there is one, otherwise a timestamp and a random suffix.
   */
  private static String runId(Map<String, String> environment, Clock clock) {
    String given = environment.get(Catalogue.RUN_ID.variable());
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    String build = environment.get("CODEBUILD_BUILD_ID");
    if (build != null && !build.isBlank()) {
      return build;
    }
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    return RUN_TIME.format(Instant.now(clock)) + "-" + HexFormat.of().formatHex(suffix);
  }
}
