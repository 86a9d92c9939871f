package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Console;
import java.time.Clock;
import java.util.Map;

/**
 * What a command needs from the process it runs in.
 *
 * @param console where it prints
 * @param clock the time source
 * @param runId the id of this run
 * @param environment the process's environment, as injected
 * @param terminal whether a person watches on a terminal
 */
record CliContext(Console console, Clock clock, String runId, Map<String, String> environment, boolean terminal) {

  /** Colours only on a terminal, and never when {@code NO_COLOR} is set (no-color.org). */
  boolean colour() {
    String noColour = environment.get("NO_COLOR");
    return terminal && (noColour == null || noColour.isEmpty());
  }
}
