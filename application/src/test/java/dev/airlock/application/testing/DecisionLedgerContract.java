package dev.airlock.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Requester;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DecisionLedger} promises, written once: decisions found by name, URL and content;
 * a live claim keeps other runs off; a lapsed one may be taken over; only the claim's holder records,
 * once; a release frees the key at once. Each ledger's test extends this class and says how to make
 * an empty ledger.
 */
public abstract class DecisionLedgerContract {
  protected static final String URL = "https://files.pythonhosted.org/packages/demo-1.0.tar.gz";
  protected static final Sha256 SHA = Sha256.of("a1".repeat(32));
  protected static final Sha256 OTHER_SHA = Sha256.of("b2".repeat(32));
  protected static final DecisionKey KEY = DecisionKey.of(RequestKey.of("demo", URL), SHA);
  protected static final Instant DECIDED_AT = Instant.parse("2025-06-01T10:15:30.123456789Z");
  protected static final Instant NOW = Instant.parse("2025-06-02T08:00:00Z");
  protected static final Duration LEASE = Duration.ofMinutes(45);

  /** The ledger under test; a new, empty one for every test. */
  protected DecisionLedger ledger;

  /** A new ledger that holds nothing yet. */
  protected abstract DecisionLedger newLedger() throws Exception;

  @BeforeEach
  void createLedger() throws Exception {
    ledger = newLedger();
  }

  @Nested
  @DisplayName("contract: record and find")
  class RoundTrip {

    @Test
    void shouldKeepThePublicationWhenAnApprovedDecisionIsRecorded() throws Exception {
      // Given
      Decision approved = approved(KEY);

      // When
      decide(approved);
      Optional<Decision> found = ledger.find(KEY);

      // Then
      assertThat(found).contains(approved);
      assertThat(found.orElseThrow().publication().orElseThrow().installInstructions())
          .isEqualTo("pip install /repo/demo/1.0/demo-1.0.tar.gz");
      assertThat(found.orElseThrow().requester().email()).contains("alice@example.com");
      assertThat(found.orElseThrow().decidedAt()).isEqualTo(DECIDED_AT);
    }

    @Test
    void shouldKeepBlockingFindingsPathsAndLinesWhenARefusedDecisionIsRecorded() throws Exception {
      // Given
      Decision refused = refused(KEY);

      // When
      decide(refused);
      Optional<Decision> found = ledger.find(KEY);

      // Then
      assertThat(found).contains(refused);
      List<Finding> findings = found.orElseThrow().blockingFindings();
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::location).containsExactly(
          tuple("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "demo-1.0/setup.py:11"),
          tuple("AIRLOCK-ARCHIVE-LIMIT", Severity.CRITICAL, "-"));
      assertThat(findings.get(1).line()).isEqualTo(OptionalInt.empty());
      assertThat(found.orElseThrow().publication()).isEmpty();
    }

    @Test
    void shouldKeepTheFirstDecisionWhenAnotherRunTriesToDecideTheSameKeyLater() throws Exception {
      // Given
      decide(refused(KEY));

      // When
      ClaimResult second = ledger.claim(claim(KEY, "run-2", NOW));

      // Then
      assertThat(second).isInstanceOfSatisfying(ClaimResult.AlreadyDecided.class,
          d -> assertThat(d.decision().outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED));
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }
  }

  @Nested
  @DisplayName("contract: keys")
  class Keys {

    @Test
    void shouldFindNothingWhenTheKeyWasNeverRecorded() throws Exception {
      // When / Then
      assertThat(ledger.find(KEY)).isEmpty();
    }

    @Test
    void shouldKeepSeparateEntriesWhenTheUrlDiffers() throws Exception {
      // Given
      DecisionKey mirror = DecisionKey.of(RequestKey.of("demo", "https://github.com/demo/demo/archive/v1.0.tar.gz"),
          SHA);
      decide(approved(KEY));

      // When / Then
      assertThat(ledger.find(mirror)).isEmpty();
      decide(refused(mirror));
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.APPROVED);
      assertThat(ledger.find(mirror)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }

    @Test
    void shouldKeepSeparateEntriesWhenTheContentDiffers() throws Exception {
      // Given
      DecisionKey changed = DecisionKey.of(RequestKey.of("demo", URL), OTHER_SHA);
      decide(approved(KEY));

      // When / Then
      assertThat(ledger.find(changed)).isEmpty();
      decide(refused(changed));
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.APPROVED);
      assertThat(ledger.find(changed)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }

    @Test
    void shouldFindNothingWhenOnlyThePackageNameDiffers() throws Exception {
      // Given
      decide(approved(KEY));

      // When / Then
      assertThat(ledger.find(DecisionKey.of(RequestKey.of("demo-two", URL), SHA))).isEmpty();
    }
  }

  @Nested
  @DisplayName("contract: claims")
  class Claims {

    @Test
    void shouldGrantTheClaimWhenTheKeyIsNeitherDecidedNorClaimed() throws Exception {
      // Given
      Claim mine = claim(KEY, "run-1", NOW);

      // When
      ClaimResult result = ledger.claim(mine);

      // Then
      assertThat(result).isEqualTo(new ClaimResult.Claimed(mine));
    }

    @Test
    void shouldSayWhoHoldsItWhenAnotherRunsClaimIsStillLive() throws Exception {
      // Given
      Claim first = claim(KEY, "run-1", NOW);
      ledger.claim(first);

      // When
      ClaimResult second = ledger.claim(claim(KEY, "run-2", NOW.plus(LEASE).minusSeconds(1)));

      // Then
      assertThat(second).isEqualTo(new ClaimResult.HeldElsewhere("run-1", first.leaseExpiresAt()));
    }

    @Test
    void shouldGrantItAgainWhenTheSameClaimIsMadeTwice() throws Exception {
      // Given: a claim whose first write succeeded, sent again (a retried request)
      Claim mine = claim(KEY, "run-1", NOW);
      ledger.claim(mine);

      // When
      ClaimResult again = ledger.claim(mine);

      // Then
      assertThat(again).isEqualTo(new ClaimResult.Claimed(mine));
    }

    @Test
    void shouldLetAnotherRunTakeOverWhenTheLeaseHasRunOut() throws Exception {
      // Given
      Claim stale = claim(KEY, "run-1", NOW);
      ledger.claim(stale);
      Claim takeover = claim(KEY, "run-2", stale.leaseExpiresAt());

      // When
      ClaimResult result = ledger.claim(takeover);

      // Then: the new holder records; the old one no longer can
      assertThat(result).isEqualTo(new ClaimResult.Claimed(takeover));
      Decision byTheOldHolder = Decision.builder().from(approved(KEY)).runId("run-1").build();
      assertThatThrownBy(() -> ledger.record(byTheOldHolder, stale))
          .isInstanceOfSatisfying(ClaimLostException.class, e -> assertThat(e.holderRunId()).isEqualTo("run-2"));
      ledger.record(Decision.builder().from(approved(KEY)).runId("run-2").build(), takeover);
      assertThat(ledger.find(KEY)).map(Decision::runId).contains("run-2");
    }

    @Test
    void shouldRefuseToRecordNamingTheDeciderWhenAnotherRunDecidedAfterATakeover() throws Exception {
      // Given
      Claim stale = claim(KEY, "run-1", NOW);
      ledger.claim(stale);
      Claim takeover = claim(KEY, "run-2", stale.leaseExpiresAt());
      ledger.claim(takeover);
      ledger.record(Decision.builder().from(refused(KEY)).runId("run-2").build(), takeover);

      // When / Then
      assertThatThrownBy(() -> ledger.record(Decision.builder().from(approved(KEY)).runId("run-1").build(), stale))
          .isInstanceOfSatisfying(ClaimLostException.class, e -> assertThat(e.holderRunId()).isEqualTo("run-2"))
          .hasMessageContaining("already decided by run run-2");
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }

    @Test
    void shouldRefuseToRecordWhenTheKeyWasNeverClaimed() throws Exception {
      // When / Then
      assertThatThrownBy(() -> ledger.record(approved(KEY), claim(KEY, "run-1", NOW)))
          .isInstanceOf(ClaimLostException.class)
          .hasMessageContaining("no longer this run's");
      assertThat(ledger.find(KEY)).isEmpty();
    }

    @Test
    void shouldLetTheNextRunClaimAtOnceWhenTheClaimIsReleased() throws Exception {
      // Given
      Claim failed = claim(KEY, "run-1", NOW);
      ledger.claim(failed);

      // When
      ledger.release(failed);

      // Then
      assertThat(ledger.claim(claim(KEY, "run-2", NOW))).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void shouldKeepTheNewHoldersClaimWhenAnOldHolderReleasesAfterATakeover() throws Exception {
      // Given
      Claim stale = claim(KEY, "run-1", NOW);
      ledger.claim(stale);
      ledger.claim(claim(KEY, "run-2", stale.leaseExpiresAt()));

      // When
      ledger.release(stale);

      // Then
      assertThat(ledger.claim(claim(KEY, "run-3", stale.leaseExpiresAt())))
          .isInstanceOfSatisfying(ClaimResult.HeldElsewhere.class, h -> assertThat(h.runId()).isEqualTo("run-2"));
    }

    @Test
    void shouldKeepTheDecisionWhenItsHolderReleasesAfterRecording() throws Exception {
      // Given
      Claim mine = claim(KEY, "run-1", NOW);
      ledger.claim(mine);
      ledger.record(approved(KEY), mine);

      // When
      ledger.release(mine);

      // Then
      assertThat(ledger.find(KEY)).contains(approved(KEY));
      assertThat(ledger.claim(claim(KEY, "run-2", NOW))).isInstanceOf(ClaimResult.AlreadyDecided.class);
    }
  }

  @Nested
  @DisplayName("contract: latest decision per name and URL")
  class Latest {

    @Test
    void shouldFindTheMostRecentDecisionForTheNameAndUrlWhicheverContentItWasFor() throws Exception {
      // Given
      decide(refused(KEY));
      DecisionKey newer = DecisionKey.of(RequestKey.of("demo", URL), OTHER_SHA);
      decide(Decision.builder().from(approved(newer)).decidedAt(DECIDED_AT.plusSeconds(60)).build());

      // When
      Optional<Decision> latest = ledger.findLatest(RequestKey.of("demo", URL));

      // Then
      assertThat(latest).map(Decision::key).contains(newer);
    }

    @Test
    void shouldKeepTheNewerDecisionAsLatestWhenAnOlderOneIsRecordedAfterIt() throws Exception {
      // Given
      DecisionKey newer = DecisionKey.of(RequestKey.of("demo", URL), OTHER_SHA);
      decide(Decision.builder().from(approved(newer)).decidedAt(DECIDED_AT.plusSeconds(60)).build());

      // When
      decide(refused(KEY));

      // Then
      assertThat(ledger.findLatest(RequestKey.of("demo", URL))).map(Decision::key).contains(newer);
    }

    @Test
    void shouldFindNothingWhenTheNameAndUrlWereNeverDecided() throws Exception {
      // Given
      ledger.claim(claim(KEY, "run-1", NOW));

      // When / Then
      assertThat(ledger.findLatest(RequestKey.of("demo", URL))).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A claim of {@code key} by {@code runId} taken at {@code at}, with its own token. */
  @Nested
  @DisplayName("contract: re-evaluation pages and replaces")
  class Reevaluation {

    @Test
    void shouldHandOutEveryDecisionOfAnOutcomeOnceAcrossPagesWhenListing() throws Exception {
      // Given: 7 approvals over several names and URLs, and 2 refusals
      List<DecisionKey> approvedKeys = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        DecisionKey key = DecisionKey.of(RequestKey.of("pkg-" + (i % 3), URL.replace("demo-1.0", "demo-1." + i)),
            Sha256.of(String.format("%064x", i + 1)));
        approvedKeys.add(key);
        decide(approved(key));
      }
      decide(refused(DecisionKey.of(RequestKey.of("pkg-1", URL), OTHER_SHA)));
      decide(refused(KEY));

      // When
      List<Decision> seen = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      Optional<String> token = Optional.empty();
      do {
        DecisionPage page = ledger.list(ScanVerdict.Outcome.APPROVED, token, 3);
        seen.addAll(page.decisions());
        sizes.add(page.decisions().size());
        token = page.nextPageToken();
      } while (token.isPresent());

      // Then
      assertThat(seen).extracting(Decision::key).containsExactlyInAnyOrderElementsOf(approvedKeys);
      assertThat(sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
      assertThat(ledger.list(ScanVerdict.Outcome.REFUSED, Optional.empty(), 10).decisions()).hasSize(2);
      assertThat(ledger.list(ScanVerdict.Outcome.REVOKED, Optional.empty(), 10).decisions()).isEmpty();
    }

    @Test
    void shouldListNothingWhenNothingWasDecided() throws Exception {
      DecisionPage page = ledger.list(ScanVerdict.Outcome.APPROVED, Optional.empty(), 5);

      assertThat(page.decisions()).isEmpty();
      assertThat(page.nextPageToken()).isEmpty();
    }

    @Test
    void shouldKeepTheReplacedDecisionInHistoryWhenReplacing() throws Exception {
      // Given
      Decision approved = approved(KEY);
      decide(approved);
      Decision revoked = revoked(approved);

      // When
      ledger.replace(approved, revoked);

      // Then
      assertThat(ledger.find(KEY)).contains(revoked);
      assertThat(ledger.findLatest(KEY.request())).contains(revoked);
      assertThat(ledger.history(KEY)).containsExactly(approved);
      assertThat(ledger.list(ScanVerdict.Outcome.REVOKED, Optional.empty(), 5).decisions()).containsExactly(revoked);
      assertThat(ledger.list(ScanVerdict.Outcome.APPROVED, Optional.empty(), 5).decisions()).isEmpty();
    }

    @Test
    void shouldKeepEveryEarlierDecisionInOrderWhenADecisionChangesTwice() throws Exception {
      // Given: refused, reopened, then revoked
      Decision refused = refused(KEY);
      decide(refused);
      Decision reopened = Decision.builder().from(approved(KEY)).decidedAt(NOW).runId("reevaluate-1").build();
      ledger.replace(refused, reopened);
      Decision revoked = Decision.builder().from(revoked(reopened)).decidedAt(NOW.plusSeconds(86_400))
          .runId("reevaluate-2").build();

      // When
      ledger.replace(reopened, revoked);

      // Then
      assertThat(ledger.history(KEY)).containsExactly(refused, reopened);
      assertThat(ledger.find(KEY)).contains(revoked);
    }

    @Test
    void shouldRefuseToReplaceWhenAnotherRunChangedTheDecisionFirst() throws Exception {
      // Given
      Decision approved = approved(KEY);
      decide(approved);
      ledger.replace(approved, revoked(approved));

      // When / Then
      assertThatThrownBy(() -> ledger.replace(approved, revoked(approved)))
          .isInstanceOf(ClaimLostException.class)
          .hasMessageContaining("changed since it was read (now REVOKED by run reevaluate-1)");
      assertThat(ledger.history(KEY)).containsExactly(approved);
    }

    @Test
    void shouldHaveNoHistoryWhenADecisionNeverChanged() throws Exception {
      decide(approved(KEY));

      assertThat(ledger.history(KEY)).isEmpty();
    }
  }

  @Nested
  @DisplayName("contract: notes of a run spread over workers")
  class Notes {

    @Test
    void shouldFindTheNoteAWorkerLeftOnARowWhenLookedUpByRunLineAndRequest() throws Exception {
      // Given
      RunNote note = note("batch-1", 7, RunNote.Status.DECIDED, "2/4");
      ledger.note(note);

      // When
      var found = ledger.findNote("batch-1", 7, KEY.request());

      // Then
      assertThat(found).contains(note);
    }

    @Test
    void shouldKeepAnErrorsReasonWhenTheNoteIsReadBack() throws Exception {
      // Given
      RunNote error = new RunNote("batch-1", 3, KEY.request(), RunNote.Status.ERROR, Optional.empty(),
          Optional.of("cannot fetch https://files.pythonhosted.org/x: HTTP 503"), "1/2", NOW);
      ledger.note(error);

      // When / Then
      assertThat(ledger.findNote("batch-1", 3, KEY.request())).contains(error);
    }

    @Test
    void shouldFindNoNoteForAnotherRunLineOrRequestWhenOnlyOneRowWasNoted() throws Exception {
      // Given
      ledger.note(note("batch-1", 7, RunNote.Status.DECIDED, "2/4"));

      // When / Then
      assertThat(ledger.findNote("batch-2", 7, KEY.request())).isEmpty();
      assertThat(ledger.findNote("batch-1", 8, KEY.request())).isEmpty();
      assertThat(ledger.findNote("batch-1", 7, RequestKey.of("other", URL))).isEmpty();
    }

    @Test
    void shouldKeepTheDecidedNoteWhenAnOverlappingWorkerNotesTheRowAsInProgressElsewhere() throws Exception {
      // Given: a worker decided the row; its retry, started while it ran, found the claim held
      RunNote decided = note("batch-1", 7, RunNote.Status.DECIDED, "2/4");
      ledger.note(decided);

      // When
      ledger.note(note("batch-1", 7, RunNote.Status.IN_PROGRESS_ELSEWHERE, "2/4"));
      ledger.note(note("batch-1", 7, RunNote.Status.ALREADY_DECIDED, "2/4"));

      // Then
      assertThat(ledger.findNote("batch-1", 7, KEY.request())).contains(decided);
    }

    @Test
    void shouldReplaceAnErrorNoteWhenARetriedWorkerDecidesTheRow() throws Exception {
      // Given
      ledger.note(new RunNote("batch-1", 7, KEY.request(), RunNote.Status.ERROR, Optional.empty(),
          Optional.of("download stalled"), "2/4", NOW));
      RunNote decided = note("batch-1", 7, RunNote.Status.DECIDED, "2/4");

      // When
      ledger.note(decided);

      // Then
      assertThat(ledger.findNote("batch-1", 7, KEY.request())).contains(decided);
    }

    @Test
    void shouldLeaveNotesOutOfTheDecisionsListedWhenBothAreKept() throws Exception {
      // Given
      decide(approved(KEY));
      ledger.note(note("batch-1", 7, RunNote.Status.DECIDED, "2/4"));

      // When
      DecisionPage page = ledger.list(ScanVerdict.Outcome.APPROVED, Optional.empty(), 10);

      // Then
      assertThat(page.decisions()).extracting(Decision::key).containsExactly(KEY);
    }

    private RunNote note(String runId, int line, RunNote.Status status, String worker) {
      return new RunNote(runId, line, KEY.request(), status, Optional.of(SHA), Optional.empty(), worker, NOW);
    }
  }

  /** {@code approved}, revoked by re-evaluation run {@code reevaluate-1} for a malicious-package report. */
  protected static Decision revoked(Decision approved) {
    return Decision.builder().from(approved).outcome(ScanVerdict.Outcome.REVOKED)
        .addBlockingFindings(Finding.builder().ruleId("MAL-2025-1").title("Malicious code in demo")
            .severity(Severity.CRITICAL).scanner("osv").build())
        .decidedAt(NOW).runId("reevaluate-1").commit("0123abc").build();
  }

  protected static Claim claim(DecisionKey key, String runId, Instant at) {
    return new Claim(key, runId, runId + "-" + UUID.randomUUID(), at, at.plus(LEASE));
  }

  /** Claims {@code decision}'s key as its run and records it, as a run does. */
  protected void decide(Decision decision) throws Exception {
    Claim claim = claim(decision.key(), decision.runId(), decision.decidedAt());
    assertThat(ledger.claim(claim)).isInstanceOf(ClaimResult.Claimed.class);
    ledger.record(decision, claim);
  }

  /** An approved decision of {@code key} by run-1, published to a file repository. */
  protected static Decision approved(DecisionKey key) {
    return Decision.builder()
        .key(key)
        .packageName("demo")
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version("1.0")
        .publication(Publication.builder()
            .repository("file")
            .packageName("demo")
            .version("1.0")
            .assetName("demo-1.0.tar.gz")
            .sha256(key.sha256())
            .location("/repo/demo/1.0/demo-1.0.tar.gz")
            .installInstructions("pip install /repo/demo/1.0/demo-1.0.tar.gz")
            .build())
        .requester(Requester.builder().id("alice").email("alice@example.com").build())
        .decidedAt(DECIDED_AT)
        .runId("run-1")
        .build();
  }

  /** A refusal of {@code key} by run-2 with two blocking findings, one without a location. */
  protected static Decision refused(DecisionKey key) {
    return Decision.builder()
        .key(key)
        .packageName("demo")
        .outcome(ScanVerdict.Outcome.REFUSED)
        .addBlockingFindings(
            Finding.builder().ruleId("AIRLOCK-DOWNLOAD-EXEC").title("Downloads and runs code")
                .severity(Severity.HIGH).path("demo-1.0/setup.py").line(11)
                .description("curl piped to sh").recommendation("Refuse the package.").scanner("builtin").build(),
            Finding.builder().ruleId("AIRLOCK-ARCHIVE-LIMIT").title("Archive exceeds the unpacking limits")
                .severity(Severity.CRITICAL).scanner("builtin").build())
        .requester(Requester.of("bob"))
        .decidedAt(DECIDED_AT)
        .runId("run-2")
        .build();
  }
}
