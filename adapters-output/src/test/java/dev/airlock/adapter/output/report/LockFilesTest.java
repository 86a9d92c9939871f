package dev.airlock.adapter.output.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.application.result.ClosureReport;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.ClosureNode;
import dev.airlock.domain.Integrity;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lock files of a run's approved closures: what each lists, where npm packages sit, what is left out. */
class LockFilesTest {

  static ClosureNode node(String ecosystem, String name, String version, String verdict,
      ClosureNode... dependencies) {
    Sha256 sha = TestData.sha256Of(TestData.bytes(name + version));
    return new ClosureNode(ecosystem, name, version, name + "-" + version + (ecosystem.equals("npm") ? ".tgz" : ".whl"),
        URI.create("https://registry.example/" + name + "/-/" + name + "-" + version + ".tgz"), Optional.of(sha),
        ecosystem.equals("npm") ? Optional.of(Integrity.ofShasum("ab".repeat(20))) : Optional.empty(), verdict,
        false, verdict.equals("APPROVED") ? Optional.empty() : Optional.of("its dependency evil 1.0 is refused"),
        Optional.empty(), false, Optional.of("MIT"), List.of(dependencies));
  }

  static RunResult run(String requested, ClosureNode... trees) {
    List<RequestOutcome> outcomes = new java.util.ArrayList<>();
    int line = 1;
    for (ClosureNode tree : trees) {
      var verdict = SeverityPolicy.defaultPolicy().evaluate(tree.name(), List.of(), TestData.TODAY);
      RequestOutcome outcome = tree.isApproved()
          ? RequestOutcome.decided(TestData.request(tree.name(), line++), verdict, tree.sha256().get(),
              Optional.of(tree.version()), Optional.empty(), Duration.ZERO)
          : RequestOutcome.error(TestData.request(tree.name(), line++), ScanVerdict.error("blocked"), Optional.empty(),
              Duration.ZERO);
      outcomes.add(outcome.withClosure(new ClosureReport(requested.replace("*", tree.name()), Optional.of(tree),
          Optional.empty())));
    }
    return new RunResult("run-1", "requests.csv", TestData.NOW, TestData.NOW, outcomes, List.of(), Optional.empty());
  }

  @Test
  void shouldPinEveryArtifactOfApprovedClosuresWithItsHashWhenWritingRequirements() {
    ClosureNode leaf = node("pypi", "leaf-pkg", "1.0", "APPROVED");
    ClosureNode top = node("pypi", "top-pkg", "1.0", "APPROVED", node("pypi", "mid-pkg", "1.1", "APPROVED", leaf),
        node("pypi", "leaf-pkg", "1.0", "APPROVED"));
    ClosureNode refused = node("pypi", "app-pkg", "1.0", "BLOCKED", node("pypi", "evil", "1.0", "REFUSED"));

    String requirements = LockFiles.requirements(run("*==1.0", top, refused));

    assertThat(requirements).contains("top-pkg==1.0 \\\n    --hash=sha256:" + top.sha256().get().hex())
        .contains("leaf-pkg==1.0 \\\n    --hash=sha256:" + leaf.sha256().get().hex())
        .contains("# not included: app-pkg==1.0 is BLOCKED (its dependency evil 1.0 is refused)")
        .doesNotContain("\nevil==").doesNotContain("\napp-pkg==");
    assertThat(requirements.lines().filter(l -> l.startsWith("leaf-pkg=="))).hasSize(1);
  }

  @Test
  void shouldNestSecondVersionUnderWhatNeedsItWhenWritingPackageLock() {
    // top needs shared 1.3.0 and other; other needs shared 2.0.1 and mid; mid needs shared 1.3.0
    ClosureNode top = node("npm", "top", "1.0.0", "APPROVED",
        node("npm", "shared", "1.3.0", "APPROVED"),
        node("npm", "other", "3.0.0", "APPROVED", node("npm", "shared", "2.0.1", "APPROVED"),
            node("npm", "mid", "1.0.0", "APPROVED", node("npm", "shared", "1.3.0", "APPROVED"))));

    JsonNode lock = LockFiles.packageLock(run("npm:*@1.0.0", top));

    assertThat(lock.path("lockfileVersion").asInt()).isEqualTo(3);
    JsonNode packages = lock.path("packages");
    assertThat(packages.path("").path("dependencies").path("top").asText()).isEqualTo("1.0.0");
    assertThat(packages.path("node_modules/shared").path("version").asText()).isEqualTo("1.3.0");
    assertThat(packages.path("node_modules/other/node_modules/shared").path("version").asText()).isEqualTo("2.0.1");
    assertThat(packages.path("node_modules/mid").path("version").asText()).isEqualTo("1.0.0");
    assertThat(packages.path("node_modules/top").path("resolved").asText())
        .isEqualTo("https://registry.example/top/-/top-1.0.0.tgz");
    assertThat(packages.path("node_modules/top").path("integrity").asText()).startsWith("sha1-");
    assertThat(packages.path("node_modules/other").path("dependencies").path("shared").asText()).isEqualTo("2.0.1");
    assertThat(packages.size()).isEqualTo(6);
  }

  @Test
  void shouldLeaveOutRefusedClosureWhenWritingPackageLock() {
    ClosureNode blocked = node("npm", "some-app", "1.0.0", "BLOCKED", node("npm", "evil-lib", "0.1.2", "REFUSED"));

    JsonNode lock = LockFiles.packageLock(run("npm:*@1.0.0", blocked));

    assertThat(lock.path("packages").size()).isEqualTo(1);
    assertThat(lock.path("packages").path("").has("dependencies")).isFalse();
  }
}
