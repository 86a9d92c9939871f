package dev.airlock.adapter.github.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The releases of one GitHub repository kept in memory behind WireMock, for contract tests that need
 * releases with state rather than scripted replies: get the repository, list releases (one page),
 * get a release by tag, create a release (HTTP 422 when the tag exists), update one, list its assets,
 * upload an asset (to {@code /uploads/...}, as the release's {@code upload_url} says), download one
 * through the API and delete one, one request at a time. Anything else is a 404, as GitHub answers a
 * path it does not know, so a repository that starts using more of the API fails loudly here.
 */
public final class FakeGitHubReleases implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RELEASES = Pattern.compile("/repos/([^/]+)/([^/]+)/releases");
  private static final Pattern BY_TAG = Pattern.compile("/repos/([^/]+)/([^/]+)/releases/tags/([^/]+)");
  private static final Pattern RELEASE = Pattern.compile("/repos/([^/]+)/([^/]+)/releases/(\\d+)");
  private static final Pattern ASSETS = Pattern.compile("/repos/([^/]+)/([^/]+)/releases/(\\d+)/assets");
  private static final Pattern UPLOAD = Pattern.compile("/uploads/repos/([^/]+)/([^/]+)/releases/(\\d+)/assets");
  private static final Pattern ASSET = Pattern.compile("/repos/([^/]+)/([^/]+)/releases/assets/(\\d+)");
  private static final Pattern REPOSITORY = Pattern.compile("/repos/([^/]+)/([^/]+)");

  /** One release: what GitHub keeps of it, and its assets by id. */
  private static final class Release {
    long id;
    String tag;
    String name;
    String body;
    final Map<Long, Asset> assets = new LinkedHashMap<>();
  }

  private record Asset(long id, String name, String contentType, byte[] content) {}

  private final Map<Long, Release> releases = new LinkedHashMap<>();
  private long nextId = 8001;

  /** Forgets every release. */
  public synchronized void clear() {
    releases.clear();
    nextId = 8001;
  }

  @Override
  public String getName() {
    return "fake-github-releases";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String method = request.getMethod().getName();
    String path = URI.create(request.getUrl()).getPath();
    URI base = URI.create(request.getAbsoluteUrl()).resolve("/");
    String root = base.toString().replaceFirst("/$", "");
    try {
      Matcher m;
      if (method.equals("POST") && (m = UPLOAD.matcher(path)).matches()) {
        return upload(request, Long.parseLong(m.group(3)), root, m);
      }
      if ((m = BY_TAG.matcher(path)).matches() && method.equals("GET")) {
        for (Release release : releases.values()) {
          if (release.tag.equals(m.group(3))) {
            return json(200, release(release, root, m));
          }
        }
        return notFound();
      }
      if ((m = ASSETS.matcher(path)).matches() && method.equals("GET")) {
        Release release = releases.get(Long.parseLong(m.group(3)));
        return release == null ? notFound() : json(200, assets(release, root, m));
      }
      if ((m = ASSET.matcher(path)).matches()) {
        return asset(request, method, Long.parseLong(m.group(3)), root, m);
      }
      if ((m = RELEASE.matcher(path)).matches() && (method.equals("PATCH") || method.equals("POST"))) {
        return update(request, Long.parseLong(m.group(3)), root, m);
      }
      if ((m = RELEASES.matcher(path)).matches()) {
        return method.equals("POST") ? create(request, root, m) : list(root, m);
      }
      if ((m = REPOSITORY.matcher(path)).matches() && method.equals("GET")) {
        return json(200, repository(root, m));
      }
      return notFound();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ResponseDefinition list(String root, Matcher m) {
    ArrayNode list = JSON.createArrayNode();
    // newest first, as GitHub lists them
    releases.values().stream().toList().reversed().forEach(r -> list.add(release(r, root, m)));
    return json(200, list);
  }

  private ResponseDefinition create(Request request, String root, Matcher m) throws IOException {
    JsonNode input = JSON.readTree(request.getBodyAsString());
    String tag = input.path("tag_name").asText();
    if (releases.values().stream().anyMatch(r -> r.tag.equals(tag))) {
      ObjectNode error = JSON.createObjectNode().put("message", "Validation Failed");
      error.putArray("errors").addObject().put("resource", "Release").put("code", "already_exists")
          .put("field", "tag_name");
      return json(422, error);
    }
    Release release = new Release();
    release.id = nextId++;
    release.tag = tag;
    release.name = input.path("name").asText(tag);
    release.body = input.path("body").asText("");
    releases.put(release.id, release);
    return json(201, release(release, root, m));
  }

  private ResponseDefinition update(Request request, long id, String root, Matcher m) throws IOException {
    Release release = releases.get(id);
    if (release == null) {
      return notFound();
    }
    JsonNode input = JSON.readTree(request.getBodyAsString());
    if (input.has("name")) {
      release.name = input.get("name").asText();
    }
    if (input.has("body")) {
      release.body = input.get("body").asText();
    }
    return json(200, release(release, root, m));
  }

  private ResponseDefinition upload(Request request, long releaseId, String root, Matcher m) {
    Release release = releases.get(releaseId);
    if (release == null) {
      return notFound();
    }
    String name = request.queryParameter("name").firstValue();
    if (release.assets.values().stream().anyMatch(a -> a.name().equals(name))) {
      ObjectNode error = JSON.createObjectNode().put("message", "Validation Failed");
      error.putArray("errors").addObject().put("resource", "ReleaseAsset").put("code", "already_exists")
          .put("field", "name");
      return json(422, error);
    }
    Asset asset = new Asset(nextId++, name, request.getHeader("Content-Type"), request.getBody());
    release.assets.put(asset.id(), asset);
    return json(201, asset(asset, root, m));
  }

  private ResponseDefinition asset(Request request, String method, long assetId, String root, Matcher m) {
    for (Release release : releases.values()) {
      Asset asset = release.assets.get(assetId);
      if (asset == null) {
        continue;
      }
      if (method.equals("DELETE")) {
        release.assets.remove(assetId);
        return new ResponseDefinitionBuilder().withStatus(204).build();
      }
      String accept = request.getHeader("Accept");
      if (accept != null && accept.contains("application/octet-stream")) {
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/octet-stream")
            .withBody(asset.content()).build();
      }
      return json(200, asset(asset, root, m));
    }
    return notFound();
  }

  private static ObjectNode repository(String root, Matcher m) {
    ObjectNode repo = JSON.createObjectNode().put("id", 700200).put("name", m.group(2))
        .put("full_name", m.group(1) + "/" + m.group(2)).put("private", true)
        .put("url", root + "/repos/" + m.group(1) + "/" + m.group(2))
        .put("html_url", "https://github.com/" + m.group(1) + "/" + m.group(2)).put("default_branch", "main");
    repo.putObject("owner").put("login", m.group(1)).put("id", 9100).put("type", "Organization");
    return repo;
  }

  private static ObjectNode release(Release release, String root, Matcher m) {
    String repo = root + "/repos/" + m.group(1) + "/" + m.group(2);
    ObjectNode node = JSON.createObjectNode()
        .put("url", repo + "/releases/" + release.id)
        .put("assets_url", repo + "/releases/" + release.id + "/assets")
        .put("upload_url", root + "/uploads/repos/" + m.group(1) + "/" + m.group(2) + "/releases/" + release.id
            + "/assets{?name,label}")
        .put("html_url", "https://github.com/" + m.group(1) + "/" + m.group(2) + "/releases/tag/" + release.tag)
        .put("id", release.id).put("tag_name", release.tag).put("name", release.name).put("body", release.body)
        .put("draft", false).put("prerelease", false).put("created_at", "2026-11-30T09:00:00Z")
        .put("published_at", "2026-11-30T09:00:00Z");
    ArrayNode assets = node.putArray("assets");
    release.assets.values().forEach(a -> assets.add(asset(a, root, m)));
    return node;
  }

  private static ArrayNode assets(Release release, String root, Matcher m) {
    ArrayNode list = JSON.createArrayNode();
    release.assets.values().forEach(a -> list.add(asset(a, root, m)));
    return list;
  }

  private static ObjectNode asset(Asset asset, String root, Matcher m) {
    return JSON.createObjectNode()
        .put("url", root + "/repos/" + m.group(1) + "/" + m.group(2) + "/releases/assets/" + asset.id())
        .put("id", asset.id()).put("name", asset.name()).put("label", "").put("state", "uploaded")
        .put("content_type", asset.contentType()).put("size", asset.content().length).put("download_count", 0)
        .put("created_at", "2026-11-30T09:00:03Z").put("updated_at", "2026-11-30T09:00:03Z");
  }

  private static ResponseDefinition json(int status, JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
  }

  private static ResponseDefinition notFound() {
    return json(404, JSON.createObjectNode().put("message", "Not Found")
        .put("documentation_url", "https://docs.github.com/rest"));
  }

}
