package dev.airlock.domain;

import java.util.List;
import org.immutables.value.Value;

/** What a request file held: the good rows as requests, the bad rows as errors. */
@Value.Immutable
public abstract class ParsedRequestFile {

  public abstract List<PackageRequest> requests();

  public abstract List<RowError> errors();

  static ImmutableParsedRequestFile.Builder builder() {
    return ImmutableParsedRequestFile.builder();
  }
}
