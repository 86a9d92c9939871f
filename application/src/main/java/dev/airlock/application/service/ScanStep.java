package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.time.LocalDate;
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

  ScanStep(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    this(scanners, Optional.empty(), policy, clock);
  }

  ScanStep(List<SecurityScanner> scanners, Optional<ArchiveEntries> entries, SeverityPolicy policy, Clock clock) {
    if (scanners.isEmpty()) {
      throw new IllegalArgumentException("at least one scanner must be configured");
    }
    this.scanners = List.copyOf(scanners);
    this.entries = entries;
    this.policy = policy;
    this.clock = clock;
  }

  List<String> scannerIds() {
    return scanners.stream().map(SecurityScanner::id).toList();
  }

  ScanVerdict scan(PackageRequest request, FetchedArtifact artifact) {
    List<Finding> findings = new ArrayList<>();
    Map<SecurityScanner, EntryScanner.EntryScan> started = new IdentityHashMap<>();
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
    return policy.evaluate(request.name(), findings, LocalDate.now(clock));
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
