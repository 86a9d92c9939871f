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

  /** Rows naming a release ({@code pandas==2.2.3}, {@code npm:lodash@4.17.21}), resolved with their closure. */
  public abstract List<ReleaseRequest> releases();

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
            .map(r -> PackageRequest.builder().from(r).requester(requesterOf.apply(r)).build())
            .toList())
        .addAllReleases(releases().stream()
            .map(r -> ReleaseRequest.builder().from(r).requester(requesterOf.apply(asRequest(r))).build())
            .toList())
        .addAllErrors(errors())
        .addAllWarnings(warnings())
        .addAllWarnings(moreWarnings)
        .build();
  }

  /**
   * A release row as a URL-less request, so requester attribution (by line) treats both row forms alike:
   * its URL names the registry and release ({@code pypi:pandas==2.2.3}), never fetched.
   */
  public static PackageRequest asRequest(ReleaseRequest release) {
    var builder = PackageRequest.builder()
        .name(release.ecosystem() == ReleaseRequest.Ecosystem.NPM
            ? NpmNames.unscoped(release.name()) : release.name())
        .url(java.net.URI.create(release.ecosystem().id() + ":" + release.normalisedName().replace("@", "%40")
            + "@" + release.version()))
        .requester(release.requester());
    release.line().ifPresent(builder::line);
    return builder.build();
  }

  /** The same rows, each request replaced by what {@code change} makes of it, with {@code moreWarnings} added. */
  public ParsedRequestFile withRequests(UnaryOperator<PackageRequest> change, List<String> moreWarnings) {
    return builder()
        .addAllRequests(requests().stream().map(change).toList())
        .addAllReleases(releases().stream()
            .map(r -> ReleaseRequest.builder().from(r).requester(change.apply(asRequest(r)).requester())
                .build())
            .toList())
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
        .addAllReleases(releases().stream().filter(r -> r.line().isEmpty() || keep.test(r.line().getAsInt())).toList())
        .addAllErrors(errors().stream().filter(e -> e.line() == 0 || keep.test(e.line())).toList())
        .addAllWarnings(warnings())
        .build();
  }

  static ImmutableParsedRequestFile.Builder builder() {
    return ImmutableParsedRequestFile.builder();
  }
}
