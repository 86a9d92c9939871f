package dev.airlock.adapter.intake.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.adapter.intake.fetch.HttpArtifactFetcher;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRegistry;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.RegistryFile;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PyPI JSON API ({@code <base>/pypi/<name>/json}) of pypi.org or a mirror, read through the
 * fetcher's SSRF-safe HTTP stack: the registry's host must be allow-listed like any archive's.
 */
public final class PypiJsonRegistry implements PackageRegistry {
  /** The largest project document read (pandas' is about 3 MB). */
  static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;
  /** The largest core metadata read. */
  static final long MAX_METADATA_BYTES = 4L * 1024 * 1024;

  private final URI base;
  private final HttpArtifactFetcher http;
  private final ObjectMapper json = new ObjectMapper();

  /** A registry at {@code base} ({@code https://pypi.org}), fetched through {@code http}. */
  public PypiJsonRegistry(URI base, HttpArtifactFetcher http) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.http = http;
  }

  @Override
  public List<RegistryFile> pythonFiles(String project) throws PortException {
    URI url = base.resolve("pypi/" + PackageNames.normalise(project) + "/json");
    byte[] body = http.document(url, "application/json", MAX_DOCUMENT_BYTES)
        .orElseThrow(() -> new PortException("the registry has no project " + project + " ("
            + DisplayUrls.of(url) + " answered 404)"));
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new PortException("the registry's answer for " + project + " is not JSON: " + e.getMessage());
    }
    JsonNode releases = root.path("releases");
    if (!releases.isObject()) {
      throw new PortException("the registry's answer for " + project + " has no releases");
    }
    String name = root.path("info").path("name").asText(project);
    List<RegistryFile> files = new ArrayList<>();
    for (Map.Entry<String, JsonNode> release : releases.properties()) {
      for (JsonNode file : release.getValue()) {
        String sha = file.path("digests").path("sha256").asText("");
        String fileUrl = file.path("url").asText("");
        String fileName = file.path("filename").asText("");
        if (sha.isEmpty() || fileUrl.isEmpty() || fileName.isEmpty()) {
          continue; // a file without a digest cannot be pinned, so it is never chosen
        }
        try {
          files.add(new RegistryFile(name, release.getKey(), fileName, url.resolve(fileUrl), Sha256.of(sha),
              instant(file.path("upload_time_iso_8601").asText("")), file.path("yanked").asBoolean(false),
              text(file.path("yanked_reason")), text(file.path("requires_python"))));
        } catch (IllegalArgumentException e) {
          throw new PortException("the registry lists " + fileName + " of " + project + " with a bad URL or digest: "
              + e.getMessage());
        }
      }
    }
    return files;
  }

  @Override
  public Optional<String> pythonMetadata(RegistryFile file) throws PortException {
    if (!file.isWheel()) {
      return Optional.empty();
    }
    URI url = URI.create(file.url().toString() + ".metadata");
    return http.document(url, "text/plain, */*;q=0.1", MAX_METADATA_BYTES)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }
}
