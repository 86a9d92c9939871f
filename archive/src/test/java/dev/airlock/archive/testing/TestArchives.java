package dev.airlock.archive.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds small zip, tar and tar.gz archives for tests, including the hostile kinds (entries with
 * {@code ..}, absolute names, links, devices) that ordinary tools refuse to write.
 */
public final class TestArchives {
  private TestArchives() {}

  /** One archive entry to write; names are written exactly as given. */
  public record Entry(String name, Kind kind, byte[] content, String linkTarget) {}

  /** What kind of entry to write. */
  public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, FIFO }

  public static Entry file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public static Entry file(String name, byte[] content) {
    return new Entry(name, Kind.FILE, content, null);
  }

  public static Entry directory(String name) {
    return new Entry(name.endsWith("/") ? name : name + "/", Kind.DIRECTORY, new byte[0], null);
  }

  public static Entry symlink(String name, String target) {
    return new Entry(name, Kind.SYMLINK, new byte[0], target);
  }

  public static Entry hardlink(String name, String target) {
    return new Entry(name, Kind.HARDLINK, new byte[0], target);
  }

  public static Entry charDevice(String name) {
    return new Entry(name, Kind.CHAR_DEVICE, new byte[0], null);
  }

  public static Entry fifo(String name) {
    return new Entry(name, Kind.FIFO, new byte[0], null);
  }

  /** Writes a gzip-compressed tar to {@code target} and returns it. */
  public static Path tarGz(Path target, Entry... entries) throws IOException {
    Files.write(target, tarGzBytes(entries));
    return target;
  }

  /** Writes an uncompressed (ustar/POSIX) tar to {@code target} and returns it. */
  public static Path tar(Path target, Entry... entries) throws IOException {
    Files.write(target, tarBytes(entries));
    return target;
  }

  /** Writes a zip to {@code target} and returns it. */
  public static Path zip(Path target, Entry... entries) throws IOException {
    Files.write(target, zipBytes(entries));
    return target;
  }

  public static byte[] tarGzBytes(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes)) {
      writeTar(gzip, List.of(entries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] tarBytes(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTar(bytes, List.of(entries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] zipBytes(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Entry entry : entries) {
        ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
        switch (entry.kind()) {
          case FILE, DIRECTORY -> {
            zip.putArchiveEntry(zipEntry);
            zip.write(entry.content());
          }
          case SYMLINK -> {
            zipEntry.setUnixMode(UnixStat.LINK_FLAG | 0777);
            zip.putArchiveEntry(zipEntry);
            zip.write(entry.linkTarget().getBytes(StandardCharsets.UTF_8));
          }
          default -> throw new IllegalArgumentException("zip cannot hold a " + entry.kind());
        }
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeTar(OutputStream out, List<Entry> entries) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Entry entry : entries) {
      TarArchiveEntry tarEntry = switch (entry.kind()) {
        case FILE -> new TarArchiveEntry(entry.name(), true);
        case DIRECTORY -> new TarArchiveEntry(entry.name(), TarConstants.LF_DIR, true);
        case SYMLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
        case HARDLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
        case CHAR_DEVICE -> new TarArchiveEntry(entry.name(), TarConstants.LF_CHR, true);
        case FIFO -> new TarArchiveEntry(entry.name(), TarConstants.LF_FIFO, true);
      };
      if (entry.linkTarget() != null) {
        tarEntry.setLinkName(entry.linkTarget());
      }
      if (entry.kind() == Kind.FILE) {
        tarEntry.setSize(entry.content().length);
      }
      tar.putArchiveEntry(tarEntry);
      if (entry.kind() == Kind.FILE) {
        tar.write(entry.content());
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }

  /** The lower-case hex SHA-256 of {@code bytes}, computed independently of the code under test. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
