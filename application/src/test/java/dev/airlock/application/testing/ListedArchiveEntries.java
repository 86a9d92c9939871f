package dev.airlock.application.testing;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.EntryScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ArchiveEntries} pass over a scripted list of entries (whatever the artifact holds), that
 * keeps the port's contract: failed scans are offered nothing more, a scripted limit ends the pass
 * and is told to the scans still going, a scripted damage fails it. Counts its passes.
 */
public final class ListedArchiveEntries implements ArchiveEntries {
  private final Map<ArchiveEntry, String> entries = new LinkedHashMap<>();
  private final AtomicInteger passes = new AtomicInteger();
  private Optional<String> limitAfterEntries = Optional.empty();
  private Optional<String> damage = Optional.empty();

  /** Adds a file entry with {@code text} as its content. */
  public ListedArchiveEntries file(String name, String text) {
    entries.put(ArchiveEntry.file(name, text.length()), text);
    return this;
  }

  /** Ends every pass after the listed entries with an intake limit passed, for {@code reason}. */
  public ListedArchiveEntries limitPassed(String reason) {
    limitAfterEntries = Optional.of(reason);
    return this;
  }

  /** Fails every pass as a damaged archive, with {@code reason}. */
  public ListedArchiveEntries damaged(String reason) {
    damage = Optional.of(reason);
    return this;
  }

  /** How many passes were made. */
  public int passes() {
    return passes.get();
  }

  @Override
  public Map<EntryScanner.EntryScan, Exception> read(FetchedArtifact artifact, List<EntryScanner.EntryScan> scans)
      throws PortException {
    passes.incrementAndGet();
    if (damage.isPresent()) {
      throw new PortException("archive " + artifact.fileName() + " cannot be read: " + damage.get());
    }
    Map<EntryScanner.EntryScan, Exception> failed = new IdentityHashMap<>();
    for (Map.Entry<ArchiveEntry, String> entry : entries.entrySet()) {
      for (EntryScanner.EntryScan scan : new ArrayList<>(scans)) {
        if (failed.containsKey(scan)) {
          continue;
        }
        try {
          if (scan.wants(entry.getKey())) {
            try (InputStream content = new ByteArrayInputStream(entry.getValue().getBytes(StandardCharsets.UTF_8))) {
              scan.visit(entry.getKey(), content);
            }
          }
        } catch (IOException | RuntimeException e) {
          failed.put(scan, e);
        }
      }
    }
    limitAfterEntries.ifPresent(reason -> scans.stream().filter(s -> !failed.containsKey(s))
        .forEach(s -> s.limitPassed(reason)));
    return failed;
  }
}
