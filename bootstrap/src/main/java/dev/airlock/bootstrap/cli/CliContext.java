package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Console;
import java.time.Clock;

/**
 * What a command needs from the process it runs in.
 *
 * @param console where it prints
 * @param clock the time source
 * @param runId the id of this run
 * @param environment the process environment (for values that are no option's fallback, such as CodeBuild's)
 */
record CliContext(Console console, Clock clock, String runId, java.util.Map<String, String> environment) {}
