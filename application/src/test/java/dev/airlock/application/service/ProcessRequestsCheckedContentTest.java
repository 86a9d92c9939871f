package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.defaultCommand;
import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequestBuilder;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.RecordingNotifier;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.CheckedContent;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The run on a merge, for a row a pull request's check saw: fetched and scanned again, and pinned to
 * the content the check saw, so an upstream file that changed in between is an ERROR, not a publication.
 */
@DisplayName("ProcessRequestsService on a checked row")
class ProcessRequestsCheckedContentTest {
  private static final byte[] CONTENT = defaultContent();
  private static final Sha256 CONTENT_SHA = sha256Of(CONTENT);

  private ScriptedArtifactFetcher fetcher;
  private ScriptedSecurityScanner builtin;
  private InMemoryPackageRepository repository;
  private InMemoryDecisionLedger ledger;

  @BeforeEach
  void setUp() {
    fetcher = ScriptedArtifactFetcher.serving(CONTENT);
    builtin = ScriptedSecurityScanner.withId("builtin");
    repository = new InMemoryPackageRepository();
    ledger = new InMemoryDecisionLedger();
  }

  private RequestOutcome runOn(PackageRequest request) {
    ProcessRequestsService service = new ProcessRequestsService(FixedRequestSource.of(request), fetcher,
        List.of(builtin), SeverityPolicy.defaultPolicy(), ScriptedDistributionReader.generic(), repository, ledger,
        List.of(RecordingNotifier.withId("c")), fixedClock(), 4);
    List<RequestOutcome> outcomes = service.process(defaultCommand()).outcomes();
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  @Test
  void shouldFetchScanAndPublishWhenTheMergeFetchesWhatTheCheckSaw() {
    // When
    RequestOutcome outcome = runOn(defaultRequestBuilder()
        .checkedContent(CheckedContent.of(CONTENT_SHA, "the check of pull request #7")).build());

    // Then the check's verdict is not trusted: the content was fetched and scanned again
    assertThat(outcome.status()).isEqualTo(Status.APPROVED);
    assertThat(fetcher.fetched()).hasSize(1);
    assertThat(builtin.scanned()).containsExactly("requests");
    assertThat(repository.published()).hasSize(1);
    assertThat(ledger.recorded()).singleElement().satisfies(d -> assertThat(d.key().sha256()).isEqualTo(CONTENT_SHA));
  }

  @Test
  void shouldEndInErrorSayingTheUpstreamFileChangedWhenTheMergeFetchesOtherContent() {
    // Given the check saw other bytes than the upstream serves now
    Sha256 seen = sha256Of(bytes("what the check fetched last week"));

    // When
    RequestOutcome outcome = runOn(defaultRequestBuilder()
        .checkedContent(CheckedContent.of(seen, "the check of pull request #7")).build());

    // Then
    assertThat(outcome.status()).isEqualTo(Status.ERROR);
    assertThat(outcome.errorReason()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("the upstream file changed between check and merge: the check of pull request #7 saw SHA-256 "
            + seen.hex() + ", the merge fetched " + CONTENT_SHA.hex())
        .contains("nothing was published"));
    assertThat(builtin.scanned()).isEmpty();
    assertThat(repository.published()).isEmpty();
    assertThat(ledger.recorded()).isEmpty();
    assertThat(ledger.openClaims()).as("the claim is given up for the next run").isEmpty();
  }

  @Test
  void shouldFollowTheRowsOwnPinWhenTheRowPinsASha256() {
    // Given a row pinned to what the upstream serves, with a stale observation beside it
    RequestOutcome outcome = runOn(defaultRequestBuilder().sha256(CONTENT_SHA)
        .checkedContent(CheckedContent.of(sha256Of(bytes("stale")), "the check of pull request #7")).build());

    // Then
    assertThat(outcome.status()).isEqualTo(Status.APPROVED);
  }

  @Test
  void shouldNotFetchWhenTheContentTheCheckSawWasAlreadyDecided() {
    // Given an earlier merge decided that very content
    PackageRequest request = defaultRequestBuilder()
        .checkedContent(CheckedContent.of(CONTENT_SHA, "the check of pull request #7")).build();
    runOn(request);
    fetcher = ScriptedArtifactFetcher.serving(bytes("changed since"));

    // When
    RequestOutcome again = runOn(request);

    // Then
    assertThat(again.status()).isEqualTo(Status.ALREADY_DECIDED);
    assertThat(fetcher.fetched()).isEmpty();
    assertThat(repository.published()).hasSize(1);
  }
}
