package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.EntryScanner;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every configured scanner on one archive and applies the policy; any scanner failure is ERROR.
 * With an {@link ArchiveEntries} pass, every {@link EntryScanner} is fed from one read of the archive
 * before the scanners finish in their configured order; without one, each reads it on its own.
 */
final class ScanStep {
  private static final Logger LOG = LoggerFactory.getLogger(ScanStep.class);

  private final List<SecurityScanner> scanners;
  private final Optional<ArchiveEntries> entries;
  private final SeverityPolicy policy;
  private final Clock clock;
  private final Optional<DistributionReader> distributions;

  ScanStep(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    this(scanners, Optional.empty(), policy, clock, Optional.empty());
  }

  /**
   * As above; scanners that read entries are fed from one {@code entries} pass per archive, and
   * {@code distributions} reads the archive's own metadata (version, licence) when the policy needs
   * facts that the request does not carry.
   */
  ScanStep(List<SecurityScanner> scanners, Optional<ArchiveEntries> entries, SeverityPolicy policy, Clock clock,
      Optional<DistributionReader> distributions) {
    if (scanners.isEmpty()) {
      throw new IllegalArgumentException("at least one scanner must be configured");
    }
    this.scanners = List.copyOf(scanners);
    this.entries = entries;
    this.policy = policy;
    this.clock = clock;
    this.distributions = distributions;
  }

  List<String> scannerIds() {
    return scanners.stream().map(SecurityScanner::id).toList();
  }

  ScanVerdict scan(PackageRequest request, FetchedArtifact artifact) {
    List<Finding> findings = new ArrayList<>();
    IdentityHashMap<SecurityScanner, EntryScanner.EntryScan> started = new IdentityHashMap<>();
    try {
      Map<EntryScanner.EntryScan, Exception> failed = Map.of();
      if (entries.isPresent()) {
        for (SecurityScanner scanner : scanners) {
          if (scanner instanceof EntryScanner entryScanner) {
            try {
              started.put(scanner, entryScanner.start(request, artifact));
            } catch (PortException | RuntimeException e) {
              return failure(request, scanner.id(), e, findings);
            }
          }
        }
        if (!started.isEmpty()) {
          List<EntryScanner.EntryScan> scans = scanners.stream().filter(started::containsKey).map(started::get).toList();
          try {
            failed = entries.get().read(artifact, scans);
          } catch (PortException | RuntimeException e) {
            return failure(request, String.join(", ", scanners.stream().filter(started::containsKey)
                .map(SecurityScanner::id).toList()), e, findings);
          }
        }
      }
      for (SecurityScanner scanner : scanners) {
        try {
          EntryScanner.EntryScan scan = started.get(scanner);
          List<Finding> found = scan == null ? scanner.scan(request, artifact) : finish(scan, failed.get(scan));
          LOG.debug("{}: scanner {} reported {} finding(s)", request.name(), scanner.id(), found.size());
          findings.addAll(found);
        } catch (PortException | RuntimeException e) {
          return failure(request, scanner.id(), e, findings);
        }
      }
    } finally {
      started.values().forEach(ScanStep::close);
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

  /** The scan's findings, or what made it stop while the archive was read. */
  private static List<Finding> finish(EntryScanner.EntryScan scan, Exception failure) throws PortException {
    if (failure instanceof RuntimeException crash) {
      throw crash;
    }
    if (failure != null) {
      throw new PortException(String.valueOf(failure.getMessage()), failure);
    }
    return scan.finish();
  }

  private static ScanVerdict failure(PackageRequest request, String scanner, Exception e, List<Finding> findings) {
    String which = (scanner.contains(",") ? "scanners " : "scanner ") + scanner;
    if (e instanceof PortException) {
      return ScanVerdict.error(which + " failed: " + e.getMessage(), findings);
    }
    LOG.warn("{}: {} crashed", request.name(), which, e);
    return ScanVerdict.error(which + " crashed: " + Failures.describe(e), findings);
  }

  private static void close(EntryScanner.EntryScan scan) {
    try {
      scan.close();
    } catch (RuntimeException e) {
      LOG.warn("a scan could not release what it held: {}", Failures.describe(e));
    }
  }
}
