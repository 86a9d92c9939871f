package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.domain.ScanVerdict.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The claim protocol as pure functions of a key's decision and current claim. */
class ClaimRulesTest {
  private static final DecisionKey KEY = RequestKey.of("demo", "https://pypi.org/demo-1.0.tar.gz")
      .withContent(Sha256.of("a1".repeat(32)));
  private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(45);
  private static final Claim MINE = claim("run-1", "token-1", NOW);
  private static final Decision DECIDED = Decision.builder().key(KEY).packageName("demo").outcome(Outcome.REFUSED)
      .addBlockingFindings(Finding.builder().ruleId("AIRLOCK-DOWNLOAD-EXEC").title("Downloads and runs code")
          .severity(Severity.HIGH).scanner("builtin").build())
      .decidedAt(NOW).runId("run-0").build();

  private static Claim claim(String runId, String token, Instant at) {
    return new Claim(KEY, runId, token, at, at.plus(LEASE));
  }

  @Nested
  @DisplayName("claiming")
  class Claiming {

    @Test
    void shouldGrantTheClaimWhenTheKeyHoldsNothing() {
      // When / Then
      assertThat(ClaimRules.claim(MINE, Optional.empty(), Optional.empty())).isEqualTo(new ClaimResult.Claimed(MINE));
    }

    @Test
    void shouldAnswerWithTheDecisionWhenTheKeyIsDecidedWhateverItsClaim() {
      // When / Then
      assertThat(ClaimRules.claim(MINE, Optional.of(DECIDED), Optional.of(MINE)))
          .isEqualTo(new ClaimResult.AlreadyDecided(DECIDED));
    }

    @Test
    void shouldNameTheHolderWhenAnotherClaimIsLiveUntilItsLeaseEnds() {
      // Given
      Claim other = claim("run-2", "token-2", NOW);
      Claim mine = claim("run-1", "token-1", other.leaseExpiresAt().minusMillis(1));

      // When / Then
      assertThat(ClaimRules.claim(mine, Optional.empty(), Optional.of(other)))
          .isEqualTo(new ClaimResult.HeldElsewhere("run-2", other.leaseExpiresAt()));
    }

    @Test
    void shouldGrantATakeoverWhenTheOtherLeaseEndsAtTheClaimsInstant() {
      // Given
      Claim other = claim("run-2", "token-2", NOW);
      Claim takeover = claim("run-1", "token-1", other.leaseExpiresAt());

      // When / Then
      assertThat(ClaimRules.claim(takeover, Optional.empty(), Optional.of(other)))
          .isEqualTo(new ClaimResult.Claimed(takeover));
    }

    @Test
    void shouldGrantItAgainWhenTheLiveClaimIsItsOwnEarlierWrite() {
      // When / Then
      assertThat(ClaimRules.claim(MINE, Optional.empty(), Optional.of(MINE))).isEqualTo(new ClaimResult.Claimed(MINE));
    }
  }

  @Nested
  @DisplayName("recording and releasing")
  class Recording {

    @Test
    void shouldLetTheCurrentHolderRecord() {
      // When / Then
      assertThat(ClaimRules.recordRefusal(MINE, Optional.empty(), Optional.of(MINE))).isEmpty();
    }

    @Test
    void shouldNameTheDeciderWhenTheKeyWasDecided() {
      // When
      Optional<ClaimRules.Lost> lost = ClaimRules.recordRefusal(MINE, Optional.of(DECIDED), Optional.empty());

      // Then
      assertThat(lost).map(ClaimRules.Lost::holderRunId).contains("run-0");
      assertThat(lost).map(ClaimRules.Lost::reason).hasValueSatisfying(r -> assertThat(r)
          .contains("already decided by run run-0"));
    }

    @Test
    void shouldNameTheNewHolderWhenAnotherRunTookTheClaimOver() {
      // When
      Optional<ClaimRules.Lost> lost = ClaimRules.recordRefusal(MINE, Optional.empty(),
          Optional.of(claim("run-2", "token-2", MINE.leaseExpiresAt())));

      // Then
      assertThat(lost).map(ClaimRules.Lost::holderRunId).contains("run-2");
      assertThat(lost).map(ClaimRules.Lost::reason).hasValueSatisfying(r -> assertThat(r)
          .contains("no longer this run's (held by run-2)"));
    }

    @Test
    void shouldSayUnknownWhenNobodyHoldsTheKey() {
      // When / Then
      assertThat(ClaimRules.recordRefusal(MINE, Optional.empty(), Optional.empty()))
          .map(ClaimRules.Lost::holderRunId).contains("unknown");
    }

    @Test
    void shouldReleaseOnlyItsOwnUndecidedClaim() {
      // Given
      Claim other = claim("run-2", "token-2", NOW);

      // When / Then
      assertThat(ClaimRules.releases(MINE, Optional.empty(), Optional.of(MINE))).isTrue();
      assertThat(ClaimRules.releases(MINE, Optional.empty(), Optional.of(other))).isFalse();
      assertThat(ClaimRules.releases(MINE, Optional.of(DECIDED), Optional.of(MINE))).isFalse();
      assertThat(ClaimRules.releases(MINE, Optional.empty(), Optional.empty())).isFalse();
    }
  }
}
