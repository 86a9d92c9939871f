package dev.airlock.adapter.storage.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.airlock.adapter.storage.json.Documents;
import dev.airlock.adapter.storage.json.Documents.DecisionDoc;
import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Sha256;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps decisions as JSON files under {@code <data-dir>/ledger/<name>/<url-hash>/<sha256>.json}, the
 * latest decision for a name and URL in {@code latest.json} beside them, and a run's claim on a key
 * in {@code <sha256>.claim}, each written atomically. Claims, records and releases are conditional
 * writes made under the ledger's lock (a lock within this JVM and an OS file lock on
 * {@code <data-dir>/ledger/.lock} across processes), so runs sharing a data directory on one machine
 * never both work on the same content. Runs on several machines need the DynamoDB ledger.
 */
public final class FileSystemDecisionLedger implements DecisionLedger {
  /** One lock per ledger folder within this JVM: the OS file lock alone does not exclude threads of one JVM. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public FileSystemDecisionLedger(Path root) {
    this.root = root;
  }

  @Override
  public Optional<Decision> find(DecisionKey key) throws PortException {
    return read(decisionFile(key), key.request());
  }

  @Override
  public Optional<Decision> findLatest(RequestKey key) throws PortException {
    return read(folder(key).resolve("latest.json"), key);
  }

  @Override
  public ClaimResult claim(Claim claim) throws PortException {
    return locked(() -> {
      Optional<Decision> decided = find(claim.key());
      if (decided.isPresent()) {
        return new ClaimResult.AlreadyDecided(decided.get());
      }
      Optional<ClaimDoc> current = readClaim(claim.key());
      if (current.isPresent() && !current.get().token().equals(claim.token())
          && current.get().leaseExpiresAt().isAfter(claim.claimedAt())) {
        return new ClaimResult.HeldElsewhere(current.get().runId(), current.get().leaseExpiresAt());
      }
      write(claimFile(claim.key()), ClaimDoc.from(claim));
      return new ClaimResult.Claimed(claim);
    });
  }

  @Override
  public void record(Decision decision, Claim claim) throws PortException {
    if (!decision.key().equals(claim.key())) {
      throw new IllegalArgumentException("decision " + decision.key() + " is not for the claimed " + claim.key());
    }
    locked(() -> {
      Optional<Decision> decided = find(claim.key());
      if (decided.isPresent()) {
        throw new ClaimLostException(claim.key() + " was already decided by run " + decided.get().runId(),
            decided.get().runId());
      }
      Optional<ClaimDoc> current = readClaim(claim.key());
      if (current.isEmpty() || !current.get().token().equals(claim.token())) {
        String holder = current.map(ClaimDoc::runId).orElse("unknown");
        throw new ClaimLostException("the claim on " + claim.key() + " is no longer this run's (held by "
            + holder + ")", holder);
      }
      write(decisionFile(decision.key()), DecisionDoc.from(decision));
      Path latest = folder(decision.key().request()).resolve("latest.json");
      Optional<Decision> previous = read(latest, decision.key().request());
      if (previous.isEmpty() || !previous.get().decidedAt().isAfter(decision.decidedAt())) {
        write(latest, DecisionDoc.from(decision));
      }
      delete(claimFile(claim.key()));
      return null;
    });
  }

  @Override
  public void release(Claim claim) throws PortException {
    locked(() -> {
      Optional<ClaimDoc> current = readClaim(claim.key());
      if (current.isPresent() && current.get().token().equals(claim.token())) {
        delete(claimFile(claim.key()));
      }
      return null;
    });
  }

  /** A claim as stored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClaimDoc(int schema, String runId, String token, Instant claimedAt, Instant leaseExpiresAt) {
    static ClaimDoc from(Claim claim) {
      return new ClaimDoc(1, claim.runId(), claim.token(), claim.claimedAt(), claim.leaseExpiresAt());
    }
  }

  /** Work done while holding the ledger's lock. */
  private interface Locked<T> {
    T run() throws PortException;
  }

  private <T> T locked(Locked<T> work) throws PortException {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(root);
      try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return work.run();
      }
    } catch (IOException e) {
      throw new PortException("ledger " + root + " cannot be locked: " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  private Optional<Decision> read(Path file, RequestKey requested) throws PortException {
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), DecisionDoc.class).toDomain(requested));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new PortException("ledger entry " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
    }
  }

  private Optional<ClaimDoc> readClaim(DecisionKey key) throws PortException {
    Path file = claimFile(key);
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), ClaimDoc.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new PortException("ledger claim " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
    }
  }

  private void write(Path file, Object document) throws PortException {
    try {
      AtomicFiles.write(file, Documents.MAPPER.writeValueAsBytes(document));
    } catch (IOException e) {
      throw new PortException("ledger entry " + root.relativize(file) + " cannot be written: " + e.getMessage(), e);
    }
  }

  private void delete(Path file) throws PortException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new PortException("ledger claim " + root.relativize(file) + " cannot be removed: " + e.getMessage(), e);
    }
  }

  private Path folder(RequestKey key) {
    String urlHash = Sha256.hashOf(key.url().getBytes(StandardCharsets.UTF_8)).shortHex(16);
    return root.resolve(key.normalisedName()).resolve(urlHash);
  }

  private Path decisionFile(DecisionKey key) {
    return folder(key.request()).resolve(key.sha256().hex() + ".json");
  }

  private Path claimFile(DecisionKey key) {
    return folder(key.request()).resolve(key.sha256().hex() + ".claim");
  }
}
