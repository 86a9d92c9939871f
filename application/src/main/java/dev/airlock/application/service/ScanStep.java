package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every configured scanner on one archive and applies the policy; any scanner failure is ERROR. */
final class ScanStep {
  private static final Logger LOG = LoggerFactory.getLogger(ScanStep.class);

  private final List<SecurityScanner> scanners;
  private final SeverityPolicy policy;
  private final Clock clock;

  ScanStep(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    if (scanners.isEmpty()) {
      throw new IllegalArgumentException("at least one scanner must be configured");
    }
    this.scanners = List.copyOf(scanners);
    this.policy = policy;
    this.clock = clock;
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
    return policy.evaluate(request.name(), findings, LocalDate.now(clock));
  }
}
