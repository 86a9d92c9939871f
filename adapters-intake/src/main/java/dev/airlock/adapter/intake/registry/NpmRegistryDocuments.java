package dev.airlock.adapter.intake.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.adapter.intake.fetch.HttpArtifactFetcher;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.Integrity;
import dev.airlock.domain.NpmRelease;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * The npm registry's package documents ({@code <base>/<name>}, {@code <base>/@scope%2fname}) of
 * registry.npmjs.org or a mirror, read through the fetcher's SSRF-safe HTTP stack (the registry's host
 * must be allow-listed like any archive's), with npm's manifest-picking rule over semver4j's npm
 * ranges. A document is read once per run and kept as the few fields resolution needs.
 */
public final class NpmRegistryDocuments implements NpmRegistry {
  /** The largest package document read (the biggest real ones are tens of MB). */
  static final long MAX_DOCUMENT_BYTES = 128L * 1024 * 1024;
  private static final Pattern DIST_TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
  private static final Pattern TUPLE_WITH_PRE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)-[0-9A-Za-z.-]+");

  /** What resolution needs of one package document. */
  private record Packument(Map<String, String> distTags, List<NpmRelease> releases) {}

  private final URI base;
  private final HttpArtifactFetcher http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Packument> documents = new ConcurrentHashMap<>();

  /** A registry at {@code base} ({@code https://registry.npmjs.org}), fetched through {@code http}. */
  public NpmRegistryDocuments(URI base, HttpArtifactFetcher http) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.http = http;
  }

  @Override
  public List<NpmRelease> candidates(String name, String spec) throws PortException {
    String wanted = spec.strip();
    if (wanted.contains(":") || wanted.contains("/")) {
      throw new PortException("'" + spec + "' is a git, file, URL or alias dependency, not a registry range; the"
          + " airlock takes releases only through the registry");
    }
    Packument packument = packument(name);
    if (!wanted.isEmpty() && DIST_TAG.matcher(wanted).matches() && !wanted.equals("x") && !wanted.equals("X")) {
      String tagged = packument.distTags().get(wanted);
      if (tagged == null) {
        throw new PortException("the registry has no dist-tag '" + wanted + "' for " + name);
      }
      return packument.releases().stream().filter(r -> r.version().equals(tagged)).toList();
    }
    RangesList range;
    try {
      range = RangesListFactory.create(wanted.isEmpty() ? "*" : wanted);
    } catch (IllegalArgumentException e) {
      throw new PortException("'" + spec + "' is not a semver range");
    }
    List<NpmRelease> accepted = new ArrayList<>();
    for (NpmRelease release : packument.releases()) {
      Semver version = Semver.parse(release.version());
      if (version != null && satisfies(version, range, wanted)) {
        accepted.add(release);
      }
    }
    String latest = packument.distTags().get("latest");
    Comparator<NpmRelease> npmOrder = Comparator
        .comparing((NpmRelease r) -> !(r.version().equals(latest) && r.deprecated().isEmpty()))
        .thenComparing(r -> r.deprecated().isPresent())
        .thenComparing((a, b) -> Semver.parse(b.version()).compareTo(Semver.parse(a.version())));
    accepted.sort(npmOrder);
    return List.copyOf(accepted);
  }

  /**
   * npm's rule: a pre-release satisfies a range only when a comparator of the range names a
   * pre-release of the same major.minor.patch ({@code ^1.2.3-beta.1} accepts {@code 1.2.3-beta.2},
   * not {@code 1.3.0-beta.1}).
   */
  private static boolean satisfies(Semver version, RangesList range, String spec) {
    if (!range.isSatisfiedBy(version)) {
      return false;
    }
    if (version.getPreRelease().isEmpty()) {
      return true;
    }
    Matcher m = TUPLE_WITH_PRE.matcher(spec);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == version.getMajor() && Integer.parseInt(m.group(2)) == version.getMinor()
          && Integer.parseInt(m.group(3)) == version.getPatch()) {
        return true;
      }
    }
    return false;
  }

  private Packument packument(String name) throws PortException {
    Packument known = documents.get(name);
    if (known != null) {
      return known;
    }
    Packument read = read(name);
    documents.put(name, read);
    return read;
  }

  private Packument read(String name) throws PortException {
    URI url = base.resolve(name.replace("/", "%2f"));
    byte[] body = http.document(url, "application/json", MAX_DOCUMENT_BYTES)
        .orElseThrow(() -> new PortException("the registry has no package " + name + " (" + DisplayUrls.of(url)
            + " answered 404)"));
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new PortException("the registry's answer for " + name + " is not JSON: " + e.getMessage());
    }
    JsonNode versions = root.path("versions");
    if (!versions.isObject()) {
      throw new PortException("the registry's answer for " + name + " has no versions");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    root.path("dist-tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    JsonNode time = root.path("time");
    List<NpmRelease> releases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = versions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode manifest = entry.getValue();
      JsonNode dist = manifest.path("dist");
      String tarball = dist.path("tarball").asText("");
      if (tarball.isEmpty()) {
        continue; // nothing to fetch: never chosen
      }
      Optional<Integrity> integrity;
      try {
        integrity = integrity(dist);
      } catch (IllegalArgumentException e) {
        throw new PortException("the registry lists " + name + "@" + entry.getKey() + " with a bad integrity: "
            + e.getMessage());
      }
      if (integrity.isEmpty()) {
        continue; // a tarball without a digest cannot be pinned, so it is never chosen
      }
      try {
        releases.add(new NpmRelease(name, entry.getKey(), url.resolve(tarball), integrity.get(),
            strings(manifest.path("dependencies")), strings(manifest.path("optionalDependencies")),
            requiredPeers(manifest), bundled(manifest), list(manifest.path("os")), list(manifest.path("cpu")),
            instant(time.path(entry.getKey()).asText("")), deprecated(manifest.path("deprecated")),
            licence(manifest.path("license"))));
      } catch (IllegalArgumentException e) {
        throw new PortException("the registry lists " + name + "@" + entry.getKey() + " with a bad tarball URL: "
            + e.getMessage());
      }
    }
    return new Packument(tags, releases);
  }

  /** {@code dist.integrity}, else {@code dist.shasum}; empty when neither is there. */
  private static Optional<Integrity> integrity(JsonNode dist) {
    String sri = dist.path("integrity").asText("");
    if (!sri.isBlank()) {
      return Optional.of(Integrity.parse(sri));
    }
    String shasum = dist.path("shasum").asText("");
    return shasum.isBlank() ? Optional.empty() : Optional.of(Integrity.ofShasum(shasum));
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    if (object.isObject()) {
      object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText("")));
    }
    return map;
  }

  private static Map<String, String> requiredPeers(JsonNode manifest) {
    Map<String, String> peers = strings(manifest.path("peerDependencies"));
    JsonNode meta = manifest.path("peerDependenciesMeta");
    peers.keySet().removeIf(name -> meta.path(name).path("optional").asBoolean(false));
    return peers;
  }

  private static Set<String> bundled(JsonNode manifest) {
    JsonNode node = manifest.has("bundleDependencies") ? manifest.path("bundleDependencies")
        : manifest.path("bundledDependencies");
    Set<String> names = new LinkedHashSet<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else if (node.asBoolean(false)) {
      names.addAll(strings(manifest.path("dependencies")).keySet());
    }
    return names;
  }

  private static List<String> list(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    } else if (node.isTextual()) {
      values.add(node.asText());
    }
    return values;
  }

  private static Optional<String> deprecated(JsonNode node) {
    if (node.isTextual() && !node.asText().isBlank()) {
      return Optional.of(node.asText());
    }
    return node.asBoolean(false) ? Optional.of("deprecated") : Optional.empty();
  }

  private static Optional<String> licence(JsonNode node) {
    String text = node.isTextual() ? node.asText() : node.path("type").asText("");
    return text.isBlank() || text.length() > 200 ? Optional.empty() : Optional.of(text);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
