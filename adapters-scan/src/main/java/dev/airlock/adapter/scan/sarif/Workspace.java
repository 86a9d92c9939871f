package dev.airlock.adapter.scan.sarif;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.archive.ArchiveItem;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private temporary folder (owner-only) for one external scan: {@code tree/} holds the package's
 * regular files, {@code out/} the SARIF log. Closing it deletes everything, whatever the tool left.
 */
final class Workspace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private final Path root;
  private final Path tree;
  private final Path output;

  private Workspace(Path root) throws IOException {
    this.root = root;
    this.tree = Files.createDirectory(root.resolve("tree"), dirAttributes());
    this.output = Files.createDirectory(root.resolve("out"), dirAttributes()).resolve("results.sarif");
  }

  /** A new, empty workspace under {@code parent}. */
  static Workspace create(Path parent) throws IOException {
    Path root = Files.createTempDirectory(parent, "airlock-sarif-", dirAttributes());
    try {
      return new Workspace(root);
    } catch (IOException e) {
      deleteTree(root);
      throw e;
    }
  }

  /** The folder the package is unpacked into. */
  Path tree() {
    return tree;
  }

  /** Where the tool writes its SARIF log (the file does not exist until it does). */
  Path output() {
    return output;
  }

  /** The workspace's own folder, which nothing shown to people may name. */
  Path root() {
    return root;
  }

  /**
   * {@code text} without the workspace's location: paths inside the tree become relative, any
   * other mention of the workspace becomes {@code <workspace>}.
   */
  String hide(String text) {
    String hidden = text;
    for (Path folder : spellings(tree)) {
      hidden = hidden.replace(folder.toUri().toString(), "").replace(folder + "/", "");
    }
    for (Path folder : spellings(root)) {
      hidden = hidden.replace(folder.toUri().toString(), "<workspace>/").replace(folder.toString(), "<workspace>");
    }
    return hidden;
  }

  private static List<Path> spellings(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    try {
      Path real = folder.toRealPath();
      return real.equals(absolute) ? List.of(absolute) : List.of(absolute, real);
    } catch (IOException e) {
      return List.of(absolute);
    }
  }

  /**
   * Writes the archive's regular files into {@link #tree()}, reading it on its own; see {@link #write}.
   */
  void unpack(ArchiveReader reader, FetchedArtifact artifact) throws IOException {
    ArchiveSource source =
        ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel);
    reader.read(source, (item, content) -> {
      if (item.type() == ArchiveItem.Type.FILE && lands(item.name())) {
        write(item.name(), content);
      }
    });
  }

  /**
   * Whether a file entry named {@code name} is written: entries that would land outside the tree
   * (absolute, {@code ..}, drive letters) never are; links, devices and directories are not files.
   * The built-in scanner reports them.
   */
  boolean lands(String name) {
    return target(name).isPresent();
  }

  /**
   * Writes one file entry into the tree, owner-only and not executable. A later entry for the same
   * path replaces the earlier one, as unpacking would.
   */
  void write(String name, InputStream content) throws IOException {
    Optional<Path> target = target(name);
    if (target.isPresent()) {
      write(target.get(), content);
    }
  }

  /** Where an entry lands inside the tree, or empty when it would land outside or nowhere. */
  private Optional<Path> target(String name) {
    String normal = name.replace('\\', '/');
    if (normal.startsWith("/") || (normal.length() >= 2 && normal.charAt(1) == ':') || normal.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Path target = tree;
    for (String segment : normal.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        target = target.resolve(segment);
      }
    }
    return target.equals(tree) || !target.normalize().startsWith(tree) ? Optional.empty() : Optional.of(target);
  }

  private static void write(Path target, InputStream content) throws IOException {
    Files.createDirectories(target.getParent(), dirAttributes());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("entry " + target.getFileName() + " is both a file and a folder in the archive");
    }
    Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
    if (POSIX) {
      Files.setPosixFilePermissions(target, OWNER_FILE);
    }
  }

  /** Deletes the workspace; a failure is logged, never thrown, so it cannot hide the scan's outcome. */
  @Override
  public void close() {
    try {
      deleteTree(root);
    } catch (IOException e) {
      LOG.warn("could not delete the SARIF scan workspace {}: {}", root, e.toString());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    deleteTree(root, true);
  }

  private static void deleteTree(Path root, boolean repair) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (POSIX) {
          Files.setPosixFilePermissions(dir, OWNER_DIR); // the tool may have left folders it cannot enter
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (!repair || !POSIX || !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        Files.setPosixFilePermissions(file, OWNER_DIR); // a folder the tool made unreadable
        deleteTree(file, false);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static FileAttribute<?>[] dirAttributes() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIR)} : new FileAttribute<?>[0];
  }
}
