package dev.airlock.application.testing;

import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.domain.Decision;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Test data for the application's use cases: requests, findings, publications and decisions. */
public final class TestData {
  /**
   * The instant every test runs at. Far from the real date on purpose: a use case that reads the
   * system clock instead of the injected one gets a different date.
   */
  public static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
  /** {@link #NOW}'s date in UTC. */
  public static final LocalDate TODAY = LocalDate.of(2030, 6, 15);
  /** The id of the run the default command starts. */
  public static final String RUN_ID = "run-1";
  /** The URL of {@link #defaultRequest()}; its file name carries version 2.31.0. */
  public static final URI REQUESTS_URL =
      URI.create("https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz");

  private TestData() {}

  /** A clock stopped at {@link #NOW}, in UTC. */
  public static Clock fixedClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** The command of run {@link #RUN_ID}. */
  public static ProcessRequestsCommand defaultCommand() {
    return new ProcessRequestsCommand(RUN_ID);
  }

  /** The bytes of a harmless archive. */
  public static byte[] defaultContent() {
    return bytes("a harmless archive");
  }

  /** The bytes of {@code text} in UTF-8, as archive content. */
  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The SHA-256 of {@code content}. */
  public static Sha256 sha256Of(byte[] content) {
    return InMemoryFetchedArtifact.sha256Of(content);
  }

  /** {@code requests} from PyPI, line 1, asked for by alice, no pinned digest. */
  public static PackageRequest defaultRequest() {
    return defaultRequestBuilder().build();
  }

  /** A builder preset to {@link #defaultRequest()}. */
  public static PackageRequest.Builder defaultRequestBuilder() {
    var builder = PackageRequest.builder();
    builder.name("requests").url(REQUESTS_URL).line(1).requester(Requester.of("alice"));
    return builder;
  }

  /** A request for {@code name} 1.0.0 from PyPI on line {@code line}. */
  public static PackageRequest request(String name, int line) {
    var builder = PackageRequest.builder();
    builder.name(name)
        .url(URI.create("https://files.pythonhosted.org/packages/source/x/" + name + "/" + name + "-1.0.0.tar.gz"))
        .line(line)
        .requester(Requester.of("alice"));
    return builder.build();
  }

  /** A finding of rule {@code ruleId} at {@code severity} from scanner {@code builtin}. */
  public static Finding finding(String ruleId, Severity severity) {
    var builder = Finding.builder();
    builder.ruleId(ruleId).title(ruleId + " found").severity(severity).path("setup.py").line(3).scanner("builtin");
    return builder.build();
  }

  /** A publication of {@code sha256} as {@code version} in the in-memory repository. */
  public static Publication publication(String normalisedName, String version, String assetName, Sha256 sha256) {
    var builder = Publication.builder();
    builder.repository(InMemoryPackageRepository.ID)
        .packageName(normalisedName)
        .version(version)
        .assetName(assetName)
        .sha256(sha256)
        .location("memory://" + normalisedName + "/" + version + "/" + assetName)
        .installInstructions("pip install " + normalisedName + "==" + version);
    return builder.build();
  }

  /** An earlier run's approval of {@code request} with content {@code sha256}. */
  public static Decision approvedDecision(PackageRequest request, Sha256 sha256, Publication publication) {
    var builder = Decision.builder();
    builder.key(request.key().withContent(sha256))
        .packageName(request.name())
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version(publication.version())
        .publication(publication)
        .requester(request.requester())
        .decidedAt(NOW.minusSeconds(86_400))
        .runId("earlier-run");
    return builder.build();
  }

  /** An earlier run's refusal of {@code request} with content {@code sha256}. */
  public static Decision refusedDecision(PackageRequest request, Sha256 sha256, Finding... blocking) {
    var builder = Decision.builder();
    builder.key(request.key().withContent(sha256))
        .packageName(request.name())
        .outcome(ScanVerdict.Outcome.REFUSED)
        .addBlockingFindings(blocking)
        .requester(request.requester())
        .decidedAt(NOW.minusSeconds(86_400))
        .runId("earlier-run");
    return builder.build();
  }
}
