package dev.airlock.adapter.storage.repository;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.application.port.PortException;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PEP 503 "simple" index of the approved Python files, which pip reads from a folder:
 * {@code pip install --index-url file://<root>/simple NAME}. The root page lists the projects, each
 * project page ({@code simple/<name>/index.html}) links its files with a {@code #sha256=} fragment
 * (pip checks it) and {@code data-requires-python}. Each project keeps the files it lists in
 * {@code files.json}; pages are rebuilt from those on every change and written atomically. Callers
 * hold the repository's lock, so concurrent runs never lose each other's entries.
 */
final class SimpleIndex {
  /** The folder name pip's index URL ends with. */
  static final String FOLDER = "simple";
  private static final String FILES = "files.json";
  private static final String FOOTER = "  </body>\n</html>\n";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One file a project page links to. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IndexedFile(String fileName, String href, String sha256, String requiresPython) {}

  private final Path folder;

  SimpleIndex(Path repositoryRoot) {
    this.folder = repositoryRoot.resolve(FOLDER);
  }

  /** Lists {@code file} on {@code project}'s page (replacing an entry of the same file name) and rebuilds the pages. */
  void add(String project, IndexedFile file) throws PortException {
    Path projectDir = folder.resolve(project);
    List<IndexedFile> files = new ArrayList<>(read(projectDir.resolve(FILES)));
    files.removeIf(f -> f.fileName().equals(file.fileName()));
    files.add(file);
    files.sort(Comparator.comparing(IndexedFile::fileName));
    try {
      AtomicFiles.write(projectDir.resolve(FILES), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(files));
      AtomicFiles.write(projectDir.resolve("index.html"), projectPage(project, files).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(folder.resolve("index.html"), rootPage(projects()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PortException("cannot write the simple index under " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Drops {@code fileName} from {@code project}'s page (a project left with no file leaves the index)
   * and rebuilds the pages.
   *
   * @return whether the file was listed
   */
  boolean remove(String project, String fileName) throws PortException {
    Path projectDir = folder.resolve(project);
    List<IndexedFile> files = new ArrayList<>(read(projectDir.resolve(FILES)));
    if (!files.removeIf(f -> f.fileName().equals(fileName))) {
      return false;
    }
    try {
      if (files.isEmpty()) {
        Files.deleteIfExists(projectDir.resolve(FILES));
        Files.deleteIfExists(projectDir.resolve("index.html"));
        Files.deleteIfExists(projectDir);
      } else {
        AtomicFiles.write(projectDir.resolve(FILES), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(files));
        AtomicFiles.write(projectDir.resolve("index.html"),
            projectPage(project, files).getBytes(StandardCharsets.UTF_8));
      }
      AtomicFiles.write(folder.resolve("index.html"), rootPage(projects()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PortException("cannot write the simple index under " + folder + ": " + e.getMessage(), e);
    }
    return true;
  }

  private List<String> projects() throws IOException {
    try (Stream<Path> dirs = Files.list(folder)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(FILES))).map(d -> d.getFileName().toString()).sorted()
          .toList();
    }
  }

  private static List<IndexedFile> read(Path file) throws PortException {
    try {
      return JSON.readValue(Files.readAllBytes(file), new TypeReference<List<IndexedFile>>() {});
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new PortException("simple index file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String projectPage(String project, List<IndexedFile> files) {
    StringBuilder page = new StringBuilder(header("Links for " + project));
    for (IndexedFile f : files) {
      page.append("    <a href=\"").append(escape(f.href())).append("#sha256=").append(f.sha256()).append('"');
      Optional.ofNullable(f.requiresPython()).filter(r -> !r.isBlank())
          .ifPresent(r -> page.append(" data-requires-python=\"").append(escape(r)).append('"'));
      page.append('>').append(escape(f.fileName())).append("</a><br/>\n");
    }
    return page.append(FOOTER).toString();
  }

  private static String rootPage(List<String> projects) {
    StringBuilder page = new StringBuilder(header("Simple index"));
    projects.forEach(p -> page.append("    <a href=\"").append(escape(p)).append("/\">").append(escape(p))
        .append("</a><br/>\n"));
    return page.append(FOOTER).toString();
  }

  private static String header(String title) {
    return "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.0\">\n"
        + "    <title>" + escape(title) + "</title>\n  </head>\n  <body>\n    <h1>" + escape(title) + "</h1>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
