package dev.airlock.application.testing;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EntryScanner} that reports one finding per file it wants ({@code <id>-saw}, severity
 * INFO, naming the file and its text), remembers what it was told, and can be scripted to fail.
 * Reading the archive on its own ({@link #scan}) is counted, and reports nothing.
 */
public final class RecordingEntryScanner implements EntryScanner {
  private final String id;
  private final String wantedSuffix;
  private final AtomicInteger ownReads = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final List<String> limits = new ArrayList<>();
  private String failOn;

  /** A scanner wanting the files whose names end with {@code wantedSuffix}. */
  public RecordingEntryScanner(String id, String wantedSuffix) {
    this.id = id;
    this.wantedSuffix = wantedSuffix;
  }

  /** Throws from {@code visit} on the file named {@code name}. */
  public RecordingEntryScanner failingOn(String name) {
    this.failOn = name;
    return this;
  }

  public int ownReads() {
    return ownReads.get();
  }

  public int closed() {
    return closed.get();
  }

  public List<String> limits() {
    return List.copyOf(limits);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) {
    ownReads.incrementAndGet();
    return List.of();
  }

  @Override
  public EntryScan start(PackageRequest request, FetchedArtifact artifact) {
    List<Finding> findings = new ArrayList<>();
    return new EntryScan() {
      @Override
      public boolean wants(ArchiveEntry entry) {
        return entry.name().endsWith(wantedSuffix);
      }

      @Override
      public void visit(ArchiveEntry entry, InputStream content) throws IOException {
        if (entry.name().equals(failOn)) {
          throw new IOException("cannot read " + entry.name());
        }
        findings.add(Finding.builder().ruleId(id + "-saw").title("saw " + entry.name()).severity(Severity.INFO)
            .description(new String(content.readAllBytes(), StandardCharsets.UTF_8)).recommendation("none")
            .scanner(id).path(entry.name()).build());
      }

      @Override
      public void limitPassed(String reason) {
        limits.add(reason);
      }

      @Override
      public List<Finding> finish() throws PortException {
        if (!limits.isEmpty()) {
          throw new PortException("the archive passes an intake limit: " + limits.get(0));
        }
        return List.copyOf(findings);
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
  }
}
