package dev.airlock.adapter.intake.source;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RequestFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads requests from a local CSV request file (UTF-8, size-bounded); requesters are unknown. */
public final class CsvFileRequestSource implements RequestSource {
  /** Largest request file read, in bytes. */
  public static final long MAX_BYTES = RequestFileParser.DEFAULT_MAX_CHARS;

  private final Path file;
  private final RequestFileParser parser;

  public CsvFileRequestSource(Path file) {
    this(file, new RequestFileParser());
  }

  public CsvFileRequestSource(Path file, RequestFileParser parser) {
    this.file = file;
    this.parser = parser;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public ParsedRequestFile load() throws PortException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new PortException("request file " + file + " does not exist");
    } catch (IOException e) {
      throw new PortException("request file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new PortException("request file " + file + " is larger than " + MAX_BYTES + " bytes; split it");
    }
    return parser.parse(bytes);
  }

  /** The folder {@code file:} URLs in this request file are resolved against. */
  public Path baseDirectory() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath() : parent;
  }
}
