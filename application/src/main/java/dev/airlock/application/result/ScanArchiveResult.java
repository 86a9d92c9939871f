package dev.airlock.application.result;

import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.util.List;

/**
 * What a one-off scan found and what the policy would decide.
 *
 * @param packageName the package's name
 * @param sha256 the archive's digest
 * @param size the archive's size in bytes
 * @param scanners the scanners that ran
 * @param verdict what the policy would decide (ERROR when a scanner failed)
 * @param duration how long it took
 */
public record ScanArchiveResult(
    String packageName, Sha256 sha256, long size, List<String> scanners, ScanVerdict verdict, Duration duration) {
  public ScanArchiveResult {
    scanners = List.copyOf(scanners);
  }
}
