package dev.airlock.adapter.local.ledger;

import dev.airlock.adapter.local.json.AtomicFiles;
import dev.airlock.adapter.local.json.Documents;
import dev.airlock.adapter.local.json.Documents.DecisionDoc;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps decisions as JSON files under {@code <data-dir>/ledger/<name>/<url-hash>/<sha256>.json},
 * each written atomically. Good for one machine; two runs sharing a ledger need the DynamoDB one.
 */
public final class FileSystemDecisionLedger implements DecisionLedger {
  private final Path root;

  public FileSystemDecisionLedger(Path root) {
    this.root = root;
  }

  @Override
  public Optional<Decision> find(DecisionKey key) throws PortException {
    Path file = fileFor(key);
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), DecisionDoc.class).toDomain());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new PortException("ledger entry " + root.relativize(file) + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void record(Decision decision) throws PortException {
    Path file = fileFor(decision.key());
    try {
      AtomicFiles.write(file, Documents.MAPPER.writeValueAsBytes(DecisionDoc.from(decision)));
    } catch (IOException e) {
      throw new PortException("ledger entry " + root.relativize(file) + " cannot be written: " + e.getMessage(), e);
    }
  }

  private Path fileFor(DecisionKey key) {
    String urlHash = Sha256.hashOf(key.request().url().getBytes(StandardCharsets.UTF_8)).shortHex(16);
    return root.resolve(key.request().normalisedName()).resolve(urlHash).resolve(key.sha256().hex() + ".json");
  }
}
