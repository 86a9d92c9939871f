package dev.airlock.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the real {@code airlock} command line in this JVM through {@link Main#run}, with the given
 * environment and clock, and keeps what it printed ({@link AirlockProcess} starts a new JVM instead).
 */
final class AirlockCli {

  /** What one run printed and how it exited. */
  record Result(int code, String out, String err) {}

  private AirlockCli() {}

  /** Runs {@code airlock args} as if its output were not a terminal (no colour, no live progress). */
  static Result run(Map<String, String> env, Clock clock, String... args) {
    return run(env, clock, false, List.of(args));
  }

  static Result run(Map<String, String> env, Clock clock, List<String> args) {
    return run(env, clock, false, args);
  }

  /** Runs {@code airlock args}, its output a terminal when {@code terminal} is true. */
  static Result run(Map<String, String> env, Clock clock, boolean terminal, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), clock, terminal);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
