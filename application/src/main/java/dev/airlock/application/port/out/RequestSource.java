package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.domain.ParsedRequestFile;

/** The requests a run considers, and who asked for each. */
public interface RequestSource {

  /** Where the requests come from, for messages ({@code examples/requests.csv}). */
  String describe();

  /** Every request, plus the rows that could not be read. */
  ParsedRequestFile load() throws PortException;
}
