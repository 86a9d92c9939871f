package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.application.result.RunResult;
import java.util.List;

/** Writes a finished run's reports (for people, CI report groups and code-scanning tools) from its one result. */
public interface RunReporter {

  /**
   * Writes every report of {@code result}.
   *
   * @return where each report was written, for the console
   * @throws PortException naming each report that could not be written; the others are still written
   */
  List<String> report(RunResult result) throws PortException;
}
