package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageFacts;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import dev.airlock.domain.RegistryFile;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every configured scanner on one archive and applies the policy; any scanner failure is ERROR. */
final class ScanStep {
  private static final Logger LOG = LoggerFactory.getLogger(ScanStep.class);

  private final List<SecurityScanner> scanners;
  private final SeverityPolicy policy;
  private final Clock clock;
  private final Optional<DistributionReader> distributions;

  ScanStep(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    this(scanners, policy, clock, Optional.empty());
  }

  /**
   * As above; {@code distributions} reads the archive's own metadata (version, licence) when the
   * policy needs facts that the request does not carry.
   */
  ScanStep(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock,
      Optional<DistributionReader> distributions) {
    if (scanners.isEmpty()) {
      throw new IllegalArgumentException("at least one scanner must be configured");
    }
    this.scanners = List.copyOf(scanners);
    this.policy = policy;
    this.clock = clock;
    this.distributions = distributions;
  }

  List<String> scannerIds() {
    return scanners.stream().map(SecurityScanner::id).toList();
  }

  ScanVerdict scan(PackageRequest request, FetchedArtifact artifact) {
    List<Finding> findings = new ArrayList<>();
    for (SecurityScanner scanner : scanners) {
      try {
        List<Finding> found = scanner.scan(request, artifact);
        LOG.debug("{}: scanner {} reported {} finding(s)", request.name(), scanner.id(), found.size());
        findings.addAll(found);
      } catch (PortException e) {
        return ScanVerdict.error("scanner " + scanner.id() + " failed: " + e.getMessage(), findings);
      } catch (RuntimeException e) {
        LOG.warn("{}: scanner {} crashed", request.name(), scanner.id(), e);
        return ScanVerdict.error("scanner " + scanner.id() + " crashed: " + Failures.describe(e), findings);
      }
    }
    return policy.evaluate(facts(request, artifact), findings, clock.instant());
  }

  /** What the request itself says of the artifact: its name, and the registry's word for a release row. */
  static PackageFacts.Builder registryFacts(PackageRequest request) {
    var facts = PackageFacts.builder().name(request.name());
    request.registryFile().ifPresent(f -> facts.version(f.version()).uploadedAt(f.uploadedAt()).yanked(f.yanked())
        .yankedReason(f.yankedReason()));
    request.sha256().ifPresent(facts::sha256);
    return facts;
  }

  /**
   * What the policy may know of the artifact: the registry's word for a release row, and the archive's
   * own metadata when the policy needs what the request lacks. Unreadable metadata leaves a fact
   * unknown, which the policy treats as it says for unknowns (never as a pass).
   */
  PackageFacts facts(PackageRequest request, FetchedArtifact artifact) {
    var facts = registryFacts(request).sha256(artifact.sha256());
    Optional<RegistryFile> file = request.registryFile();
    if (distributions.isPresent() && policy.needsArchiveMetadata(request.name(), file.isPresent())) {
      try {
        Distribution distribution = distributions.get().read(artifact, request.name(), "0");
        distribution.licence().ifPresent(facts::licence);
        distribution.deprecation().ifPresent(facts::deprecated);
        if (file.isEmpty()) {
          // A generic archive is published under the version its file name carries, so that is its version.
          Optional<String> version = distribution.kind() != Distribution.Kind.GENERIC
              ? Optional.of(distribution.version()) : PackageVersions.fromUrl(request.url());
          version.ifPresent(facts::version);
        }
      } catch (PortException | RuntimeException e) {
        LOG.info("{}: its metadata cannot be read for the policy ({}); what it would say is unknown", request.name(),
            e.getMessage());
      }
    }
    return facts.build();
  }
}
