package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.bootstrap.AirlockCli.Result;
import dev.airlock.bootstrap.PypiEmulation.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy's supply-chain rules through the real CLI, against a PyPI emulation on loopback:
 * licences (for every artifact of a closure), yanked and deprecated releases.
 */
@WireMockTest
class SupplyChainPolicyCliTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant LAST_YEAR = Instant.parse("2025-11-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();

  private Result run(WireMockRuntimeInfo wm, Clock clock, String policy, String requests, String... extra)
      throws Exception {
    Path policyFile = Files.writeString(work.resolve("policy.yaml"), policy);
    Path requestFile = Files.writeString(work.resolve("requests.csv"), requests);
    List<String> args = new ArrayList<>(List.of("run", requestFile.toString(), "--data-dir",
        work.resolve("data").toString(), "--allow-host", "localhost:" + wm.getHttpPort(), "--pypi-url",
        wm.getHttpBaseUrl(), "--policy", policyFile.toString(), "--format", "json"));
    args.addAll(List.of(extra));
    return AirlockCli.run(env, clock, args);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static JsonNode request(Result result, String name) throws Exception {
    for (JsonNode r : JSON.readTree(result.out()).path("requests")) {
      if (r.path("package").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " is not in the report: " + result.out() + result.err());
  }

  private static List<String> rules(JsonNode findings) {
    List<String> rules = new ArrayList<>();
    findings.forEach(f -> rules.add(f.path("rule").asText()));
    return rules;
  }

  @Nested
  @DisplayName("licences")
  class Licences {
    private static final String DENY_GPL = """
        licenses:
          deny: [GPL-*, AGPL-*]
          unknown: refuse
        """;

    @Test
    void shouldRefuseAGplPackageAndApproveAnMitOneWhenGplIsDenied(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("copyleft-lib", "1.0", "GPL-3.0-only", LAST_YEAR),
          Release.of("mit-lib", "2.0", "MIT", LAST_YEAR)));

      // When
      Result result = run(wm, at(NOW), DENY_GPL, "copyleft-lib==1.0\nmit-lib==2.0\n");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      JsonNode refused = request(result, "copyleft-lib");
      assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
      assertThat(rules(refused.path("blockingFindings"))).containsExactly("AIRLOCK-POLICY-LICENSE-DENIED");
      assertThat(refused.path("blockingFindings").get(0).path("title").asText())
          .isEqualTo("Licence GPL-3.0-only is denied by the policy (declared: GPL-3.0-only)");
      assertThat(request(result, "mit-lib").path("status").asText()).isEqualTo("APPROVED");
      assertThat(work.resolve("data/repository/simple/copyleft-lib")).doesNotExist();
      assertThat(work.resolve("data/repository/simple/mit-lib")).isDirectory();
    }

    @Test
    void shouldRefuseTheTopPackageNamingTheDependencyWhenADependencysLicenceIsDenied(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: an MIT package whose dependency is AGPL
      PypiEmulation.serve(wm, List.of(Release.of("nice-app", "1.0", "MIT", LAST_YEAR).needing("agpl-dep>=1"),
          Release.of("agpl-dep", "1.2", "AGPL-3.0-or-later", LAST_YEAR)));

      // When
      Result result = run(wm, at(NOW), DENY_GPL, "nice-app==1.0\n");

      // Then
      assertThat(request(result, "agpl-dep").path("status").asText()).isEqualTo("REFUSED");
      JsonNode top = request(result, "nice-app");
      assertThat(top.path("status").asText()).isEqualTo("REFUSED");
      assertThat(top.path("error").asText()).contains("its dependency agpl-dep 1.2 is refused")
          .contains("AIRLOCK-POLICY-LICENSE-DENIED");
      assertThat(work.resolve("data/repository/simple/nice-app")).doesNotExist();
    }

    @Test
    void shouldRefuseAnUndeclaredLicenceOnlyWhenUnknownIsRefuse(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("quiet-lib", "1.0", "MIT", LAST_YEAR).withoutLicence()));

      // When
      Result refused = run(wm, at(NOW), DENY_GPL, "quiet-lib==1.0\n");

      // Then
      assertThat(request(refused, "quiet-lib").path("status").asText()).isEqualTo("REFUSED");
      assertThat(rules(request(refused, "quiet-lib").path("blockingFindings")))
          .containsExactly("AIRLOCK-POLICY-LICENSE-UNKNOWN");

      // When: the same package under a policy that sends unknown licences to review
      Files.walk(work.resolve("data")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      Result reviewed = run(wm, at(NOW), "licenses:\n  deny: [GPL-*]\n  unknown: review\n", "quiet-lib==1.0\n");

      // Then: approved, and the finding is there for InfoSec
      JsonNode approved = request(reviewed, "quiet-lib");
      assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
      assertThat(rules(approved.path("findings"))).contains("AIRLOCK-POLICY-LICENSE-UNKNOWN");
    }

    @Test
    void shouldAcceptAChoiceWhenOneSideIsAllowed(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("dual-lib", "1.0", "GPL-2.0-or-later OR MIT", LAST_YEAR),
          Release.of("both-lib", "1.0", "MIT AND GPL-2.0-only", LAST_YEAR)));

      // When
      Result result = run(wm, at(NOW), "licenses:\n  allow: [MIT, Apache-2.0, BSD-3-Clause]\n",
          "dual-lib==1.0\nboth-lib==1.0\n");

      // Then
      assertThat(request(result, "dual-lib").path("status").asText()).isEqualTo("APPROVED");
      JsonNode both = request(result, "both-lib");
      assertThat(both.path("status").asText()).isEqualTo("REFUSED");
      assertThat(rules(both.path("blockingFindings"))).containsExactly("AIRLOCK-POLICY-LICENSE-NOT-ALLOWED");
    }
  }

  @Nested
  @DisplayName("yanked releases")
  class Yanked {

    @Test
    void shouldRefuseAYankedReleaseWhenThePolicySaysRefuse(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("shaky-lib", "3.1", "MIT", LAST_YEAR).yankedNow()));

      // When
      Result result = run(wm, at(NOW), "yanked: refuse\n", "shaky-lib==3.1\n");

      // Then
      JsonNode shaky = request(result, "shaky-lib");
      assertThat(shaky.path("status").asText()).isEqualTo("REFUSED");
      assertThat(shaky.path("blockingFindings").get(0).path("title").asText())
          .isEqualTo("The registry yanked this release: broken build");
    }

    @Test
    void shouldApproveAndReportAYankedReleaseWhenThePolicySaysWarn(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("shaky-lib", "3.1", "MIT", LAST_YEAR).yankedNow()));

      // When
      Result result = run(wm, at(NOW), "yanked: warn\n", "shaky-lib==3.1\n");

      // Then
      JsonNode shaky = request(result, "shaky-lib");
      assertThat(shaky.path("status").asText()).isEqualTo("APPROVED");
      assertThat(rules(shaky.path("findings"))).containsExactly("AIRLOCK-POLICY-YANKED");
    }
  }
  @Nested
  @DisplayName("minimum release age")
  class ReleaseAge {
    private final Instant twoDaysAgo = NOW.minus(java.time.Duration.ofDays(2));
    private final Instant eligible = twoDaysAgo.plus(java.time.Duration.ofDays(7));

    @Test
    void shouldDeferAYoungReleaseThenDecideItOnARunAfterItsDate(WireMockRuntimeInfo wm) throws Exception {
      // Given: released two days ago, the policy wants seven
      PypiEmulation.serve(wm, List.of(Release.of("fresh-lib", "1.0", "MIT", twoDaysAgo)));
      String policy = "minimumReleaseAge: P7D\n";

      // When
      Result first = run(wm, at(NOW), policy, "fresh-lib==1.0\n");

      // Then: DEFERRED, not an error, nothing published, and the date said everywhere
      assertThat(first.code()).as(first.err()).isZero();
      JsonNode deferred = request(first, "fresh-lib");
      assertThat(deferred.path("status").asText()).isEqualTo("DEFERRED");
      assertThat(deferred.path("verdict").asText()).isEqualTo("DEFERRED");
      assertThat(deferred.path("eligibleAt").asText()).isEqualTo(eligible.toString());
      assertThat(JSON.readTree(first.out()).path("schemaVersion").asInt()).isEqualTo(2);
      assertThat(JSON.readTree(first.out()).path("summary").path("deferred").asInt()).isEqualTo(1);
      assertThat(work.resolve("data/repository/simple/fresh-lib")).doesNotExist();
      assertThat(first.err()).contains("Airlock: fresh-lib deferred until 2026-11-27 (too new)")
          .contains("It becomes eligible on " + eligible);
      Path reports = work.resolve("data/reports");
      assertThat(Files.readString(reports.resolve("airlock-junit.xml"))).contains("<skipped type=\"DEFERRED\"")
          .contains("skipped=\"1\"");
      assertThat(Files.readString(reports.resolve("airlock-findings.sarif"))).contains("AIRLOCK-POLICY-RELEASE-AGE")
          .contains("\"status\" : \"DEFERRED\"");
      assertThat(Files.readString(reports.resolve("airlock-summary.md"))).contains("DEFERRED")
          .contains("too new; eligible on " + eligible);

      // When: the next run, still too soon, with the default --recheck-after
      Result again = run(wm, at(NOW.plus(java.time.Duration.ofHours(1))), policy, "fresh-lib==1.0\n");

      // Then: still deferred, not skipped as decided
      assertThat(request(again, "fresh-lib").path("status").asText()).isEqualTo("DEFERRED");

      // When: a run after its date
      Result later = run(wm, at(eligible.plus(java.time.Duration.ofHours(1))), policy, "fresh-lib==1.0\n");

      // Then: decided normally and published
      assertThat(request(later, "fresh-lib").path("status").asText()).isEqualTo("APPROVED");
      assertThat(work.resolve("data/repository/simple/fresh-lib")).isDirectory();
    }

    @Test
    void shouldDecideAtOnceWhenAnActiveExemptionNamesThePackage(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PypiEmulation.serve(wm, List.of(Release.of("urgent-fix", "2.0.1", "MIT", twoDaysAgo)));

      // When
      Result result = run(wm, at(NOW), """
          minimumReleaseAge: P7D
          releaseAgeExemptions:
            - package: urgent-fix
              versions: "==2.0.1"
              justification: fixes CVE-2026-0001 we are exposed to (SEC-77)
              approver: jane.doe@example.com
              expires: 2026-12-31
          """, "urgent-fix==2.0.1\n");

      // Then
      assertThat(request(result, "urgent-fix").path("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    void shouldRefuseRatherThanDeferWhenOneDependencyIsRefusedAndAnotherTooNew(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: one dependency too new, the other under a denied licence
      PypiEmulation.serve(wm, List.of(Release.of("mixed-app", "1.0", "MIT", LAST_YEAR).needing("new-dep", "gpl-dep"),
          Release.of("new-dep", "0.9", "MIT", twoDaysAgo), Release.of("gpl-dep", "1.0", "GPL-3.0-only", LAST_YEAR)));

      // When
      Result result = run(wm, at(NOW), "minimumReleaseAge: P7D\nlicenses:\n  deny: [GPL-*]\n", "mixed-app==1.0\n");

      // Then: a refusal is final and says more than a wait
      JsonNode top = request(result, "mixed-app");
      assertThat(top.path("status").asText()).isEqualTo("REFUSED");
      assertThat(top.path("error").asText()).contains("its dependency gpl-dep 1.0 is refused");
      assertThat(request(result, "new-dep").path("status").asText()).isEqualTo("DEFERRED");
    }

    @Test
    void shouldDeferTheRequestedPackageWhenADependencyIsTooNew(WireMockRuntimeInfo wm) throws Exception {
      // Given: an old package whose dependency was released two days ago
      PypiEmulation.serve(wm, List.of(Release.of("old-app", "1.0", "MIT", LAST_YEAR).needing("new-dep"),
          Release.of("new-dep", "0.9", "MIT", twoDaysAgo)));

      // When
      Result result = run(wm, at(NOW), "minimumReleaseAge: P7D\n", "old-app==1.0\n");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      JsonNode top = request(result, "old-app");
      assertThat(top.path("status").asText()).isEqualTo("DEFERRED");
      assertThat(top.path("eligibleAt").asText()).isEqualTo(eligible.toString());
      assertThat(top.path("deferredBecause").asText()).contains("its dependency new-dep 0.9 is too new");
      assertThat(work.resolve("data/repository/simple/old-app")).doesNotExist();
    }
  }
  @Nested
  @DisplayName("audit mode")
  class Audit {

    @Test
    void shouldPublishWhatOnlyTheStricterRulesBlockAndMarkItInEveryReport(WireMockRuntimeInfo wm) throws Exception {
      // Given: a GPL package and a two-day-old one, under a policy InfoSec is only trying out
      PypiEmulation.serve(wm, List.of(Release.of("copyleft-lib", "1.0", "GPL-3.0-only", LAST_YEAR),
          Release.of("fresh-lib", "1.0", "MIT", NOW.minus(java.time.Duration.ofDays(2)))));
      String policy = """
          mode: audit
          minimumReleaseAge: P7D
          licenses:
            deny: [GPL-*]
          """;

      // When
      Result result = run(wm, at(NOW), policy, "copyleft-lib==1.0\nfresh-lib==1.0\n");

      // Then: both published, each marked with what enforcement would have done and why
      assertThat(result.code()).as(result.err()).isZero();
      JsonNode gpl = request(result, "copyleft-lib");
      assertThat(gpl.path("status").asText()).isEqualTo("APPROVED");
      assertThat(gpl.path("underEnforcement").asText()).isEqualTo("REFUSED");
      assertThat(rules(gpl.path("auditFindings"))).containsExactly("AIRLOCK-POLICY-LICENSE-DENIED");
      JsonNode fresh = request(result, "fresh-lib");
      assertThat(fresh.path("status").asText()).isEqualTo("APPROVED");
      assertThat(fresh.path("underEnforcement").asText()).isEqualTo("DEFERRED");
      assertThat(rules(fresh.path("auditFindings"))).containsExactly("AIRLOCK-POLICY-RELEASE-AGE");
      assertThat(work.resolve("data/repository/simple/copyleft-lib")).isDirectory();
      assertThat(work.resolve("data/repository/simple/fresh-lib")).isDirectory();
      assertThat(result.err()).contains("Airlock: copyleft-lib 1.0 approved (audit: enforcing the policy would have"
          + " refused it)").contains("Audit: InfoSec is trying its policy in audit mode. Enforced, it would have"
          + " refused copyleft-lib because of:");
      Path reports = work.resolve("data/reports");
      assertThat(Files.readString(reports.resolve("airlock-summary.md")))
          .contains("APPROVED (audit: enforce would have refused)")
          .contains("APPROVED (audit: enforce would have deferred)");
      JsonNode sarif = JSON.readTree(reports.resolve("airlock-findings.sarif").toFile());
      List<String> audited = new ArrayList<>();
      sarif.path("runs").forEach(r -> r.path("results").forEach(x -> {
        if (x.path("properties").path("wouldBlockUnderEnforcement").asBoolean()) {
          audited.add(x.path("ruleId").asText());
        }
      }));
      assertThat(audited).containsExactlyInAnyOrder("AIRLOCK-POLICY-LICENSE-DENIED", "AIRLOCK-POLICY-RELEASE-AGE");
      assertThat(Files.readString(reports.resolve("airlock-junit.xml"))).contains("Enforced, it would have refused");
    }

    @Test
    void shouldStillRefuseAScannersBlockingFindingsWhenAuditing(WireMockRuntimeInfo wm) throws Exception {
      // Given: the demo package whose setup.py downloads and runs code, requested by URL
      Path archive = work.resolve("fast-json-helper-0.3.1.tar.gz");
      Files.copy(Path.of("..", "examples", "packages", "fast-json-helper-0.3.1.tar.gz"), archive);
      Path policyFile = Files.writeString(work.resolve("policy.yaml"), "mode: audit\nlicenses:\n  deny: [GPL-*]\n");
      Path requestFile = Files.writeString(work.resolve("requests.csv"),
          "fast-json-helper,file:fast-json-helper-0.3.1.tar.gz\n");

      // When
      Result result = AirlockCli.run(env, at(NOW), List.of("run", requestFile.toString(), "--allow-file-urls",
          "--data-dir", work.resolve("data").toString(), "--policy", policyFile.toString(), "--format", "json"));

      // Then
      JsonNode refused = request(result, "fast-json-helper");
      assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
      assertThat(rules(refused.path("blockingFindings"))).contains("AIRLOCK-DOWNLOAD-EXEC");
    }
  }
}
