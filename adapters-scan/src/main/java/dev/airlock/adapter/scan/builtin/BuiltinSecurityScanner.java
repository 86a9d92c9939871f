package dev.airlock.adapter.scan.builtin;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.archive.ArchiveSource;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.scanner.BuiltinScanner;
import java.io.IOException;
import java.util.List;

/** The built-in scanner library ({@link BuiltinScanner}) as a {@link SecurityScanner}: an unreadable archive fails the scan. */
public final class BuiltinSecurityScanner implements SecurityScanner {
  /** The scanner's id, as the configuration names it and its findings carry it. */
  public static final String ID = BuiltinScanner.ID;

  private final BuiltinScanner scanner;

  public BuiltinSecurityScanner(BuiltinScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    try {
      return scanner.scan(request.name(),
          ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel));
    } catch (IOException e) {
      throw new PortException(e.getMessage(), e);
    }
  }
}
