package dev.airlock.adapter.storage.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.airlock.adapter.storage.json.Documents;
import dev.airlock.adapter.storage.json.Documents.DecisionDoc;
import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.ClaimRules;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps decisions as JSON files under {@code <data-dir>/ledger/<name>/<url-hash>/<sha256>.json}, the
 * latest decision for a name and URL in {@code latest.json} beside them, the decisions a key had
 * before its current one in {@code <sha256>.history.json}, and a run's claim on a key in
 * {@code <sha256>.claim}, each written atomically. {@link #list} walks the folders in name order, so
 * a page token is the path of the last decision file a page looked at. Claims, records and releases are conditional
 * writes made under the ledger's lock (a lock within this JVM and an OS file lock on
 * {@code <data-dir>/ledger/.lock} across processes), each deciding by the domain's {@link ClaimRules},
 * so runs sharing a data directory on one machine never both work on the same content. Runs on several machines need the DynamoDB ledger.
 * The notes workers of one run leave on its rows are kept under {@code .runs/<run hash>/} (hidden, so
 * listing never walks them), one file per row, written under the same lock.
 */
public final class FileSystemDecisionLedger implements DecisionLedger {
  private static final Logger LOG = LoggerFactory.getLogger(FileSystemDecisionLedger.class);
  /** One lock per ledger folder within this JVM: the OS file lock alone does not exclude threads of one JVM. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final Pattern DECISION_FILE = Pattern.compile("[0-9a-f]{64}\\.json");
  private static final TypeReference<List<DecisionDoc>> HISTORY = new TypeReference<>() {};

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
      ClaimResult result = ClaimRules.claim(claim, find(claim.key()), readClaim(claim.key()));
      if (result instanceof ClaimResult.Claimed) {
        write(claimFile(claim.key()), ClaimDoc.from(claim));
      }
      return result;
    });
  }

  @Override
  public void record(Decision decision, Claim claim) throws PortException {
    if (!decision.key().equals(claim.key())) {
      throw new IllegalArgumentException("decision " + decision.key() + " is not for the claimed " + claim.key());
    }
    locked(() -> {
      Optional<ClaimRules.Lost> lost = ClaimRules.recordRefusal(claim, find(claim.key()), readClaim(claim.key()));
      if (lost.isPresent()) {
        throw new ClaimLostException(lost.get().reason(), lost.get().holderRunId());
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
      if (ClaimRules.releases(claim, find(claim.key()), readClaim(claim.key()))) {
        delete(claimFile(claim.key()));
      }
      return null;
    });
  }

  @Override
  public DecisionPage list(ScanVerdict.Outcome outcome, Optional<String> pageToken, int limit) throws PortException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    String[] after = pageToken.map(t -> t.split("/", -1)).orElse(new String[0]);
    if (pageToken.isPresent() && after.length != 3) {
      throw new PortException("ledger page token '" + pageToken.get() + "' is not one this ledger handed out");
    }
    List<Decision> page = new ArrayList<>();
    for (String name : children(root, after.length == 3 ? after[0] : null, true)) {
      Path nameDir = root.resolve(name);
      String hashFrom = after.length == 3 && name.equals(after[0]) ? after[1] : null;
      for (String hash : children(nameDir, hashFrom, true)) {
        Path folder = nameDir.resolve(hash);
        String fileAfter = hashFrom != null && hash.equals(hashFrom) ? after[2] : null;
        for (String file : children(folder, fileAfter, false)) {
          if (!DECISION_FILE.matcher(file).matches()) {
            continue;
          }
          listed(folder.resolve(file)).filter(d -> d.outcome() == outcome).ifPresent(page::add);
          if (page.size() == limit) {
            return new DecisionPage(page, Optional.of(name + "/" + hash + "/" + file));
          }
        }
      }
    }
    return DecisionPage.last(page);
  }

  /**
   * The names in {@code dir}, sorted, from {@code from} on: including it when {@code inclusive} (a
   * folder the last page stopped inside), after it otherwise (the file it stopped at); hidden names skipped.
   */
  private List<String> children(Path dir, String from, boolean inclusive) throws PortException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .filter(n -> from == null || (inclusive ? n.compareTo(from) >= 0 : n.compareTo(from) > 0))
          .sorted()
          .toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new PortException("ledger folder " + root.relativize(dir) + " cannot be listed: " + e.getMessage(), e);
    }
  }

  @Override
  public void replace(Decision current, Decision replacement) throws PortException {
    if (!current.key().equals(replacement.key())) {
      throw new IllegalArgumentException("replacement " + replacement.key() + " is not for " + current.key());
    }
    locked(() -> {
      Optional<Decision> now = find(current.key());
      if (now.isEmpty() || !now.get().sameAs(current)) {
        String by = now.map(Decision::runId).orElse("unknown");
        throw new ClaimLostException("the decision on " + current.key() + " changed since it was read (now "
            + now.map(d -> d.outcome() + " by run " + by).orElse("none") + ")", by);
      }
      List<DecisionDoc> history = new ArrayList<>(readHistory(current.key()));
      history.add(DecisionDoc.from(current));
      write(historyFile(current.key()), history);
      write(decisionFile(replacement.key()), DecisionDoc.from(replacement));
      Path latest = folder(replacement.key().request()).resolve("latest.json");
      Optional<Decision> previous = read(latest, replacement.key().request());
      if (previous.isEmpty() || !previous.get().decidedAt().isAfter(replacement.decidedAt())) {
        write(latest, DecisionDoc.from(replacement));
      }
      return null;
    });
  }

  @Override
  public List<Decision> history(DecisionKey key) throws PortException {
    List<Decision> decisions = new ArrayList<>();
    for (DecisionDoc doc : readHistory(key)) {
      decisions.add(doc.toDomain());
    }
    return decisions;
  }

  private List<DecisionDoc> readHistory(DecisionKey key) throws PortException {
    Path file = historyFile(key);
    try {
      return Documents.MAPPER.readValue(Files.readAllBytes(file), HISTORY);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new PortException("ledger history " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void note(RunNote note) throws PortException {
    Path file = noteFile(note.runId(), note.line(), note.request());
    locked(() -> {
      if (note.mayReplace(readNote(file, note.request()))) {
        write(file, NoteDoc.from(note));
      }
      return null;
    });
  }

  @Override
  public Optional<RunNote> findNote(String runId, int line, RequestKey request) throws PortException {
    return readNote(noteFile(runId, line, request), request);
  }

  private Optional<RunNote> readNote(Path file, RequestKey request) throws PortException {
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), NoteDoc.class).toNote(request));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new PortException("ledger run note " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The note's file: the run and the URL hashed, so neither a run id nor a URL's query shapes a path. */
  private Path noteFile(String runId, int line, RequestKey request) {
    String run = Sha256.hashOf(runId.getBytes(StandardCharsets.UTF_8)).shortHex(16);
    String url = Sha256.hashOf(request.url().getBytes(StandardCharsets.UTF_8)).shortHex(16);
    return root.resolve(".runs").resolve(run).resolve(line + "-" + request.normalisedName() + "-" + url + ".json");
  }

  /** A run note as stored: the URL only as its hash (the reader knows the request it asks about). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record NoteDoc(int schema, String runId, int line, String normalisedName, String status, String sha256,
      String errorReason, String worker, Instant notedAt) {
    static NoteDoc from(RunNote note) {
      return new NoteDoc(1, note.runId(), note.line(), note.request().normalisedName(), note.status().name(),
          note.sha256().map(Sha256::hex).orElse(null), note.errorReason().orElse(null), note.worker(), note.notedAt());
    }

    RunNote toNote(RequestKey request) {
      return new RunNote(runId, line, request, RunNote.Status.valueOf(status),
          Optional.ofNullable(sha256).map(Sha256::of), Optional.ofNullable(errorReason), worker, notedAt);
    }
  }

  /** A claim as stored (its key is where it is stored). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClaimDoc(int schema, String runId, String token, Instant claimedAt, Instant leaseExpiresAt) {
    static ClaimDoc from(Claim claim) {
      return new ClaimDoc(1, claim.runId(), claim.token(), claim.claimedAt(), claim.leaseExpiresAt());
    }

    Claim toClaim(DecisionKey key) {
      return new Claim(key, runId, token, claimedAt, leaseExpiresAt);
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

  /**
   * A decision file as listing sees it: its key from its own name and URL. One whose URL was stored
   * without its query (or user info) cannot be fetched again nor found from that key, so it is left
   * out, with a warning.
   */
  private Optional<Decision> listed(Path file) throws PortException {
    try {
      DecisionDoc doc = Documents.MAPPER.readValue(Files.readAllBytes(file), DecisionDoc.class);
      if (doc.urlShortened()) {
        LOG.warn("ledger entry {}: its request URL was stored without its query, so it is not re-evaluated",
            root.relativize(file));
        return Optional.empty();
      }
      return Optional.of(doc.toDomain());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new PortException("ledger entry " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
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

  private Optional<Claim> readClaim(DecisionKey key) throws PortException {
    Path file = claimFile(key);
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), ClaimDoc.class).toClaim(key));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
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

  private Path historyFile(DecisionKey key) {
    return folder(key.request()).resolve(key.sha256().hex() + ".history.json");
  }

  private Path claimFile(DecisionKey key) {
    return folder(key.request()).resolve(key.sha256().hex() + ".claim");
  }
}
