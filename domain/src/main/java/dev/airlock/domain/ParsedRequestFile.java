package dev.airlock.domain;

import java.util.List;
import java.util.function.Function;
import org.immutables.value.Value;

/** What a request file held: the good rows as requests, the bad rows as errors. */
@Value.Immutable
public abstract class ParsedRequestFile {

  public abstract List<PackageRequest> requests();

  public abstract List<RowError> errors();

  /** What the source has to say about the file as a whole that changes no row (how requesters were found, say). */
  @Value.Default
  public List<String> warnings() {
    return List.of();
  }

  /** The same rows, each request's requester replaced by {@code requesterOf}, with {@code moreWarnings} added. */
  public ParsedRequestFile withRequesters(Function<PackageRequest, Requester> requesterOf, List<String> moreWarnings) {
    return builder()
        .addAllRequests(requests().stream()
            .map(r -> (PackageRequest) PackageRequest.builder().from(r).requester(requesterOf.apply(r)).build())
            .toList())
        .addAllErrors(errors())
        .addAllWarnings(warnings())
        .addAllWarnings(moreWarnings)
        .build();
  }

  static ImmutableParsedRequestFile.Builder builder() {
    return ImmutableParsedRequestFile.builder();
  }
}
