package dev.airlock.application.testing;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Request outcomes as the use case reports them, for the notifier tests of every adapter module. */
public final class RequestOutcomes {
  /** The content digest every outcome here carries. */
  public static final Sha256 SHA = Sha256.of("d4".repeat(32));

  private RequestOutcomes() {}

  /** {@code name} 1.0.0 from PyPI on line 1, asked for by {@code requester} ({@code null}: unknown). */
  public static PackageRequest request(String name, String requester) {
    return PackageRequest.builder()
        .name(name)
        .url(URI.create("https://files.pythonhosted.org/packages/source/x/" + name + "/" + name + "-1.0.0.tar.gz"))
        .line(1)
        .requester(requester == null ? Requester.unknown() : Requester.of(requester))
        .build();
  }

  /** Approved in this run and published as 1.0.0. */
  public static RequestOutcome approved(PackageRequest request, Publication publication) {
    return RequestOutcome.decided(request,
        SeverityPolicy.defaultPolicy().evaluate(request.name(), List.of(), TestData.TODAY), SHA,
        Optional.of(publication.version()), Optional.of(publication), Duration.ofSeconds(2));
  }

  /** Refused in this run under the default policy. */
  public static RequestOutcome refused(PackageRequest request, List<Finding> findings) {
    return RequestOutcome.decided(request,
        SeverityPolicy.defaultPolicy().evaluate(request.name(), findings, TestData.TODAY), SHA, Optional.empty(),
        Optional.empty(), Duration.ofSeconds(1));
  }

  /** Not decided: the download failed. */
  public static RequestOutcome error(PackageRequest request) {
    return RequestOutcome.error(request, ScanVerdict.error("download failed with HTTP 404"), Optional.empty(),
        Duration.ofSeconds(1));
  }

  /** Approved and published by an earlier run, a day ago. */
  public static RequestOutcome alreadyDecided(PackageRequest request, Publication publication) {
    Decision decision = Decision.builder()
        .key(DecisionKey.of(request.key(), SHA))
        .packageName(request.name())
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version(publication.version())
        .publication(publication)
        .requester(request.requester())
        .decidedAt(TestData.NOW.minusSeconds(86_400))
        .runId("run-0")
        .build();
    return RequestOutcome.alreadyDecided(request, decision, Duration.ZERO);
  }

  /**
   * Approved and published by an earlier run (on {@code commit}, when given) and revoked by this
   * re-evaluation for {@code findings}.
   */
  public static RequestOutcome revoked(PackageRequest request, Publication publication, List<Finding> findings,
      Optional<String> commit) {
    Decision approved = Decision.builder()
        .key(DecisionKey.of(request.key(), SHA))
        .packageName(request.name())
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version(publication.version())
        .publication(publication)
        .requester(request.requester())
        .decidedAt(TestData.NOW.minusSeconds(86_400))
        .runId("run-0")
        .commit(commit)
        .build();
    return RequestOutcome.reevaluated(request, RequestOutcome.Status.REVOKED,
        Optional.of(SeverityPolicy.defaultPolicy().evaluate(request.name(), findings, TestData.TODAY)), approved,
        Optional.of(publication), Duration.ofSeconds(1));
  }
}
