package dev.airlock.adapter.aws.inspector;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveContents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@link ArchiveContents} whose files are given as text, in order, whatever artifact is asked about. */
final class InMemoryArchiveContents implements ArchiveContents {
  private final Map<String, String> files = new LinkedHashMap<>();

  InMemoryArchiveContents with(String path, String content) {
    files.put(path, content);
    return this;
  }

  @Override
  public void forEachFile(FetchedArtifact artifact, FileVisitor visitor) throws PortException {
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        visitor.visit(file.getKey(), bytes.length, new ByteArrayInputStream(bytes));
      }
    } catch (IOException e) {
      throw new PortException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
  }
}
