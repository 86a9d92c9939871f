package dev.airlock.adapter.storage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions kept as JSON files, one per name, URL and content digest, written only by the claim's holder. */
class FileSystemDecisionLedgerTest {
  private static final String URL = "https://files.pythonhosted.org/packages/demo-1.0.tar.gz";
  private static final Sha256 SHA = Sha256.of("a1".repeat(32));
  private static final Sha256 OTHER_SHA = Sha256.of("b2".repeat(32));
  private static final DecisionKey KEY = DecisionKey.of(RequestKey.of("demo", URL), SHA);
  private static final Instant DECIDED_AT = Instant.parse("2025-06-01T10:15:30.123456789Z");
  private static final Instant NOW = Instant.parse("2025-06-02T08:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(45);

  @TempDir
  Path root;
  private FileSystemDecisionLedger ledger;

  @BeforeEach
  void createLedger() {
    ledger = new FileSystemDecisionLedger(root);
  }

  @Nested
  @DisplayName("record and find")
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

    @Test
    void shouldLeaveTheDecisionAndTheLatestAndNoClaimOrTemporaryFilesWhenAKeyIsDecided() throws Exception {
      // When
      decide(approved(KEY));

      // Then
      try (Stream<Path> files = Files.walk(root)) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
            .containsExactlyInAnyOrder(SHA.hex() + ".json", "latest.json", ".lock");
      }
    }
  }

  @Nested
  @DisplayName("keys")
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
  @DisplayName("claims")
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
    void shouldSeeTheClaimWhenAnotherLedgerOnTheSameFolderMadeIt() throws Exception {
      // Given: another process's ledger on the same data directory
      new FileSystemDecisionLedger(root).claim(claim(KEY, "run-1", NOW));

      // When
      ClaimResult second = ledger.claim(claim(KEY, "run-2", NOW));

      // Then
      assertThat(second).isInstanceOfSatisfying(ClaimResult.HeldElsewhere.class,
          h -> assertThat(h.runId()).isEqualTo("run-1"));
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
    void shouldRefuseToRecordWhenTheKeyWasNeverClaimed() {
      // When / Then
      assertThatThrownBy(() -> ledger.record(approved(KEY), claim(KEY, "run-1", NOW)))
          .isInstanceOf(ClaimLostException.class)
          .hasMessageContaining("no longer this run's");
      assertThat(Files.exists(root.resolve("demo"))).isFalse();
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

    @RepeatedTest(5)
    void shouldGrantExactlyOneClaimWhenManyThreadsOfTwoLedgersClaimTheSameKeysAtOnce() throws Exception {
      // Given: two ledgers on one folder (two processes), eight threads each, five keys
      List<FileSystemDecisionLedger> ledgers = List.of(ledger, new FileSystemDecisionLedger(root));
      List<DecisionKey> keys = IntStream.range(0, 5)
          .mapToObj(i -> DecisionKey.of(RequestKey.of("demo-" + i, URL), SHA)).toList();
      CyclicBarrier start = new CyclicBarrier(16);
      AtomicInteger granted = new AtomicInteger();
      List<Future<?>> threads = new ArrayList<>();

      // When
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (int t = 0; t < 16; t++) {
          FileSystemDecisionLedger mine = ledgers.get(t % 2);
          String run = "run-" + t;
          threads.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            for (DecisionKey key : keys) {
              if (mine.claim(claim(key, run, NOW)) instanceof ClaimResult.Claimed) {
                granted.incrementAndGet();
              }
            }
            return null;
          }));
        }
        for (Future<?> thread : threads) {
          thread.get(30, TimeUnit.SECONDS);
        }
      }

      // Then
      assertThat(granted.get()).isEqualTo(keys.size());
    }
  }

  @Nested
  @DisplayName("latest decision per name and URL")
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

  @Nested
  @DisplayName("damaged entries")
  class Damaged {

    @Test
    void shouldFailNamingTheEntryWhenItsJsonIsCorrupt() throws Exception {
      // Given
      decide(approved(KEY));
      Path entry;
      try (Stream<Path> files = Files.walk(root)) {
        entry = files.filter(p -> p.getFileName().toString().equals(SHA.hex() + ".json")).findFirst().orElseThrow();
      }
      Files.writeString(entry, "{\"schema\": 1, \"outcome\": \"APPRO");

      // When / Then
      assertThatThrownBy(() -> ledger.find(KEY))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("ledger entry demo/")
          .hasMessageContaining(SHA.hex() + ".json cannot be read");
    }

    @Test
    void shouldFailWhenAStoredEntryBreaksTheDecisionRules() throws Exception {
      // Given: valid JSON, but an APPROVED decision without a publication
      decide(approved(KEY));
      Path entry;
      try (Stream<Path> files = Files.walk(root)) {
        entry = files.filter(p -> p.getFileName().toString().equals(SHA.hex() + ".json")).findFirst().orElseThrow();
      }
      Files.writeString(entry, """
          {"schema": 1, "normalisedName": "demo", "url": "%s", "sha256": "%s", "packageName": "demo",
           "outcome": "APPROVED", "version": "1.0", "publication": null, "blockingFindings": [],
           "requester": "alice", "decidedAt": "2025-06-01T10:15:30Z", "runId": "run-1"}
          """.formatted(URL, SHA.hex()));

      // When / Then
      assertThatThrownBy(() -> ledger.find(KEY))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot be read");
    }
  }

  @Nested
  @DisplayName("re-evaluation: listing and replacing")
  class Reevaluation {

    @Test
    void shouldLeaveOutOfTheListingADecisionWhoseUrlCarriedAQueryThatWasNotStored() throws Exception {
      // Given: one approval of a signed URL (its query is not stored), one of a plain URL
      DecisionKey signed = DecisionKey.of(RequestKey.of("pkg", URL + "?X-Amz-Signature=s3cr3t"), OTHER_SHA);
      decide(approved(signed));
      decide(approved(KEY));

      // When
      var page = ledger.list(ScanVerdict.Outcome.APPROVED, Optional.empty(), 10);

      // Then: the signed one cannot be fetched again nor found from a key read back, so it is not handed out
      assertThat(page.decisions()).extracting(Decision::key).containsExactly(KEY);
      assertThat(ledger.find(signed)).as("still decided for the run that asks with its whole URL").isPresent();
    }

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
        var page = ledger.list(ScanVerdict.Outcome.APPROVED, token, 3);
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
    void shouldListNothingWhenTheLedgerIsEmpty() throws Exception {
      assertThat(new FileSystemDecisionLedger(root.resolve("none")).list(ScanVerdict.Outcome.APPROVED,
          Optional.empty(), 5)).satisfies(page -> {
            assertThat(page.decisions()).isEmpty();
            assertThat(page.nextPageToken()).isEmpty();
          });
    }

    @Test
    void shouldRefuseAPageTokenItDidNotHandOut() {
      assertThatThrownBy(() -> ledger.list(ScanVerdict.Outcome.APPROVED, Optional.of("../etc"), 5))
          .isInstanceOf(PortException.class).hasMessageContaining("is not one this ledger handed out");
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

  // ---------------------------------------------------------------------------------------------

  private static Decision revoked(Decision approved) {
    return Decision.builder().from(approved).outcome(ScanVerdict.Outcome.REVOKED)
        .addBlockingFindings(Finding.builder().ruleId("MAL-2025-1").title("Malicious code in demo")
            .severity(Severity.CRITICAL).scanner("osv").build())
        .decidedAt(NOW).runId("reevaluate-1").commit("0123abc").build();
  }

  private static Claim claim(DecisionKey key, String runId, Instant at) {
    return new Claim(key, runId, runId + "-" + UUID.randomUUID(), at, at.plus(LEASE));
  }

  /** Claims {@code decision}'s key as its run and records it, as a run does. */
  private void decide(Decision decision) throws Exception {
    Claim claim = claim(decision.key(), decision.runId(), decision.decidedAt());
    assertThat(ledger.claim(claim)).isInstanceOf(ClaimResult.Claimed.class);
    ledger.record(decision, claim);
  }

  private static Decision approved(DecisionKey key) {
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

  private static Decision refused(DecisionKey key) {
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
