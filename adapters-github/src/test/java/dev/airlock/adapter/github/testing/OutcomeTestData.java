package dev.airlock.adapter.github.testing;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Runs and outcomes as the use case reports them, for the GitHub publishing adapters' tests. */
public final class OutcomeTestData {
  /** The commit that triggered the run. */
  public static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  public static final LocalDate TODAY = LocalDate.of(2030, 6, 15);
  public static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
  public static final Sha256 SHA = RequestOutcomes.SHA;

  private OutcomeTestData() {}

  /** A run on {@link #COMMIT} with these outcomes. */
  public static RunResult run(RequestOutcome... outcomes) {
    return new RunResult("run-7", "package-requests.csv", NOW, NOW.plusSeconds(5), List.of(outcomes), List.of(),
        Optional.of(COMMIT));
  }

  public static PackageRequest request(String name, String requester) {
    return RequestOutcomes.request(name, requester);
  }

  public static RequestOutcome approved(String name, String requester) {
    PackageRequest request = request(name, requester);
    return RequestOutcomes.approved(request, publication(request.normalisedName()));
  }

  public static RequestOutcome refused(String name, String requester, Finding... findings) {
    return RequestOutcomes.refused(request(name, requester), List.of(findings));
  }

  public static RequestOutcome error(String name, String requester) {
    return RequestOutcomes.error(request(name, requester));
  }

  public static RequestOutcome alreadyDecided(String name, String requester) {
    PackageRequest request = request(name, requester);
    return RequestOutcomes.alreadyDecided(request, publication(request.normalisedName()));
  }

  public static Finding finding(String ruleId, Severity severity, String path, int line) {
    return Finding.builder().ruleId(ruleId).title(ruleId + " found").severity(severity).path(path).line(line)
        .scanner("builtin").build();
  }

  public static Publication publication(String name) {
    return Publication.builder()
        .repository("github")
        .packageName(name)
        .version("1.0.0")
        .assetName(name + "-1.0.0.tar.gz")
        .sha256(SHA)
        .location("https://github.com/acme/approved-packages/releases/tag/" + name + "-1.0.0")
        .installInstructions("gh release download " + name + "-1.0.0 --repo acme/approved-packages --pattern '"
            + name + "-1.0.0.tar.gz'\npip install ./" + name + "-1.0.0.tar.gz")
        .build();
  }
}
