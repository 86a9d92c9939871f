package dev.airlock.adapter.local.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.PortException;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions kept as JSON files, one per name, URL and content digest. */
class FileSystemDecisionLedgerTest {
  private static final String URL = "https://files.pythonhosted.org/packages/demo-1.0.tar.gz";
  private static final Sha256 SHA = Sha256.of("a1".repeat(32));
  private static final Sha256 OTHER_SHA = Sha256.of("b2".repeat(32));
  private static final DecisionKey KEY = DecisionKey.of(RequestKey.of("demo", URL), SHA);
  private static final Instant DECIDED_AT = Instant.parse("2025-06-01T10:15:30.123456789Z");

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
      ledger.record(approved);
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
      ledger.record(refused);
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
    void shouldReplaceTheDecisionWhenTheSameKeyIsRecordedAgain() throws Exception {
      // Given
      ledger.record(refused(KEY));

      // When
      ledger.record(approved(KEY));

      // Then
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.APPROVED);
    }

    @Test
    void shouldLeaveOneFileAndNoTemporaryFilesWhenTheSameKeyIsRecordedTwice() throws Exception {
      // When
      ledger.record(approved(KEY));
      ledger.record(refused(KEY));

      // Then
      try (Stream<Path> files = Files.walk(root)) {
        assertThat(files.filter(Files::isRegularFile).toList())
            .hasSize(1)
            .allMatch(p -> p.getFileName().toString().equals(SHA.hex() + ".json"));
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
      ledger.record(approved(KEY));

      // When / Then
      assertThat(ledger.find(mirror)).isEmpty();
      ledger.record(refused(mirror));
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.APPROVED);
      assertThat(ledger.find(mirror)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }

    @Test
    void shouldKeepSeparateEntriesWhenTheContentDiffers() throws Exception {
      // Given
      DecisionKey changed = DecisionKey.of(RequestKey.of("demo", URL), OTHER_SHA);
      ledger.record(approved(KEY));

      // When / Then
      assertThat(ledger.find(changed)).isEmpty();
      ledger.record(refused(changed));
      assertThat(ledger.find(KEY)).map(Decision::outcome).contains(ScanVerdict.Outcome.APPROVED);
      assertThat(ledger.find(changed)).map(Decision::outcome).contains(ScanVerdict.Outcome.REFUSED);
    }

    @Test
    void shouldFindNothingWhenOnlyThePackageNameDiffers() throws Exception {
      // Given
      ledger.record(approved(KEY));

      // When / Then
      assertThat(ledger.find(DecisionKey.of(RequestKey.of("demo-two", URL), SHA))).isEmpty();
    }
  }

  @Nested
  @DisplayName("damaged entries")
  class Damaged {

    @Test
    void shouldFailNamingTheEntryWhenItsJsonIsCorrupt() throws Exception {
      // Given
      ledger.record(approved(KEY));
      Path entry;
      try (Stream<Path> files = Files.walk(root)) {
        entry = files.filter(Files::isRegularFile).findFirst().orElseThrow();
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
      ledger.record(approved(KEY));
      Path entry;
      try (Stream<Path> files = Files.walk(root)) {
        entry = files.filter(Files::isRegularFile).findFirst().orElseThrow();
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

  // ---------------------------------------------------------------------------------------------

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
