package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * An npm registry on loopback, as the real one answers: one package document per name (dist-tags,
 * every version's manifest with {@code dist.tarball}, {@code dist.integrity} and {@code dist.shasum},
 * {@code time}) and real tarballs built here, as {@code npm pack} writes them.
 */
final class NpmRegistryEmulation {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One version of a package: what it depends on and the files beside its {@code package.json}. */
  record Version(String name, String version, Map<String, String> dependencies, Map<String, String> files,
      Map<String, String> scripts) {
    Version(String name, String version, Map<String, String> dependencies) {
      this(name, version, dependencies, Map.of("index.js", "module.exports = '" + name + "@" + version + "';\n"),
          Map.of());
    }
  }

  private NpmRegistryEmulation() {}

  /**
   * Serves {@code versions} from {@code wm} at {@code baseUrl}; each package's {@code latest} tag is
   * its last version listed.
   */
  static void serve(WireMock wm, String baseUrl, List<Version> versions) throws Exception {
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    for (Version v : versions) {
      byte[] tarball = tarball(v);
      String unscoped = v.name().substring(v.name().indexOf('/') + 1);
      String path = "/" + v.name() + "/-/" + unscoped + "-" + v.version() + ".tgz";
      wm.register(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(tarball)));
      ObjectNode document = documents.computeIfAbsent(v.name(), n -> {
        ObjectNode d = JSON.createObjectNode();
        d.put("_id", n).put("name", n);
        d.putObject("dist-tags");
        d.putObject("versions");
        d.putObject("time").put("created", "2024-01-01T00:00:00.000Z");
        return d;
      });
      ObjectNode manifest = manifest(v);
      manifest.put("_id", v.name() + "@" + v.version());
      ObjectNode dist = manifest.putObject("dist");
      dist.put("tarball", baseUrl + path);
      dist.put("shasum", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(tarball)));
      dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-512").digest(tarball)));
      ((ObjectNode) document.get("versions")).set(v.version(), manifest);
      ((ObjectNode) document.get("dist-tags")).put("latest", v.version());
      ((ObjectNode) document.get("time")).put(v.version(), "2024-05-01T10:00:00.000Z");
    }
    for (var entry : documents.entrySet()) {
      wm.register(get(urlPathEqualTo("/" + entry.getKey().replace("/", "%2f")))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody(JSON.writeValueAsBytes(entry.getValue()))));
    }
  }

  private static ObjectNode manifest(Version v) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("name", v.name()).put("version", v.version()).put("main", "index.js").put("license", "MIT");
    if (!v.dependencies().isEmpty()) {
      ObjectNode deps = manifest.putObject("dependencies");
      v.dependencies().forEach(deps::put);
    }
    if (!v.scripts().isEmpty()) {
      ObjectNode scripts = manifest.putObject("scripts");
      v.scripts().forEach(scripts::put);
    }
    return manifest;
  }

  /** The tarball of {@code v}: {@code package/package.json} and its files. */
  static byte[] tarball(Version v) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, "package/package.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest(v)) + "\n");
      for (var file : v.files().entrySet()) {
        add(tar, "package/" + file.getKey(), file.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
