package dev.airlock.application.service;

import dev.airlock.application.port.in.ScanArchiveCommand;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Scans one local archive with every configured scanner and applies the policy. */
public final class ScanArchiveService implements ScanArchiveUseCase {
  private final ScanStep scanStep;
  private final Clock clock;

  public ScanArchiveService(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    this(scanners, Optional.empty(), policy, clock);
  }

  /** As above, with the scanners that read entries fed from one {@code entries} pass per archive. */
  public ScanArchiveService(List<SecurityScanner> scanners, Optional<ArchiveEntries> entries, SeverityPolicy policy,
      Clock clock) {
    this(scanners, entries, policy, clock, Optional.empty());
  }

  /** As above, reading the archive's own metadata (version, licence) when the policy needs it. */
  public ScanArchiveService(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock,
      DistributionReader distributions) {
    this(scanners, Optional.empty(), policy, clock, Optional.of(distributions));
  }

  /** As above, with both the shared entries pass and the metadata reader. */
  public ScanArchiveService(List<SecurityScanner> scanners, Optional<ArchiveEntries> entries, SeverityPolicy policy,
      Clock clock, Optional<DistributionReader> distributions) {
    this.scanStep = new ScanStep(scanners, entries, policy, clock, distributions);
    this.clock = clock;
  }

  @Override
  public ScanArchiveResult scan(ScanArchiveCommand command) {
    Instant start = clock.instant();
    ScanVerdict verdict = scanStep.scan(command.request(), command.artifact());
    return new ScanArchiveResult(command.request().name(), command.artifact().sha256(),
        command.artifact().size(), scanStep.scannerIds(), verdict, Duration.between(start, clock.instant()));
  }
}
