package dev.airlock.application.port.in;

import dev.airlock.application.result.ScanArchiveResult;

/** Scans one local archive and says what the policy would decide; publishes nothing. */
public interface ScanArchiveUseCase {

  ScanArchiveResult scan(ScanArchiveCommand command);
}
