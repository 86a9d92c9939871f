package dev.airlock.adapter.storage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.testing.DecisionLedgerContract;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Finding;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions kept as JSON files, one per name, URL and content digest, written only by the claim's
 * holder: the ledger contract, and what only files add (what is left on disk, several processes on
 * one folder, damaged entries).
 */
class FileSystemDecisionLedgerTest extends DecisionLedgerContract {

  @TempDir
  Path root;

  @Override
  protected DecisionLedger newLedger() {
    return new FileSystemDecisionLedger(root);
  }

  @Nested
  @DisplayName("files on disk")
  class OnDisk {

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

    @Test
    void shouldWriteNothingWhenARecordIsRefusedBecauseTheKeyWasNeverClaimed() {
      // When / Then
      assertThatThrownBy(() -> ledger.record(approved(KEY), claim(KEY, "run-1", NOW)))
          .isInstanceOf(ClaimLostException.class);
      assertThat(Files.exists(root.resolve("demo"))).isFalse();
    }
  }

  @Nested
  @DisplayName("several processes on one folder")
  class SharedFolder {

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

    @RepeatedTest(5)
    void shouldGrantExactlyOneClaimWhenManyThreadsOfTwoLedgersClaimTheSameKeysAtOnce() throws Exception {
      // Given: two ledgers on one folder (two processes), eight threads each, five keys
      List<DecisionLedger> ledgers = List.of(ledger, new FileSystemDecisionLedger(root));
      List<DecisionKey> keys = IntStream.range(0, 5)
          .mapToObj(i -> DecisionKey.of(RequestKey.of("demo-" + i, URL), SHA)).toList();
      CyclicBarrier start = new CyclicBarrier(16);
      AtomicInteger granted = new AtomicInteger();
      List<Future<?>> threads = new ArrayList<>();

      // When
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (int t = 0; t < 16; t++) {
          DecisionLedger mine = ledgers.get(t % 2);
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
  @DisplayName("damaged entries")
  class Damaged {

    @Test
    void shouldFailNamingTheEntryWhenItsJsonIsCorrupt() throws Exception {
      // Given
      decide(approved(KEY));
      Path entry = entryOf(SHA.hex() + ".json");
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
      Files.writeString(entryOf(SHA.hex() + ".json"), """
          {"schema": 1, "normalisedName": "demo", "url": "%s", "sha256": "%s", "packageName": "demo",
           "outcome": "APPROVED", "version": "1.0", "publication": null, "blockingFindings": [],
           "requester": "alice", "decidedAt": "2025-06-01T10:15:30Z", "runId": "run-1"}
          """.formatted(URL, SHA.hex()));

      // When / Then
      assertThatThrownBy(() -> ledger.find(KEY))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot be read");
    }

    private Path entryOf(String fileName) throws Exception {
      try (Stream<Path> files = Files.walk(root)) {
        return files.filter(p -> p.getFileName().toString().equals(fileName)).findFirst().orElseThrow();
      }
    }
  }

  @Nested
  @DisplayName("re-evaluation: the file ledger's own pages")
  class Pages {

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
    void shouldListNothingWhenTheLedgerFolderDoesNotExist() throws Exception {
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
  }

}
