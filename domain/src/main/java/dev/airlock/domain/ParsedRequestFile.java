package dev.airlock.domain;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
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

  /** The same rows, each request replaced by what {@code change} makes of it, with {@code moreWarnings} added. */
  public ParsedRequestFile withRequests(UnaryOperator<PackageRequest> change, List<String> moreWarnings) {
    return builder()
        .addAllRequests(requests().stream().map(change).toList())
        .addAllErrors(errors())
        .addAllWarnings(warnings())
        .addAllWarnings(moreWarnings)
        .build();
  }

  /**
   * Only the requests and unreadable rows on the lines {@code keep} accepts (the lines a pull request
   * adds, say), with the warnings kept. A row error about the whole file (line 0) is always kept.
   */
  public ParsedRequestFile onlyLines(IntPredicate keep) {
    return builder()
        .addAllRequests(requests().stream().filter(r -> r.line().isEmpty() || keep.test(r.line().getAsInt())).toList())
        .addAllErrors(errors().stream().filter(e -> e.line() == 0 || keep.test(e.line())).toList())
        .addAllWarnings(warnings())
        .build();
  }

  static ImmutableParsedRequestFile.Builder builder() {
    return ImmutableParsedRequestFile.builder();
  }
}
