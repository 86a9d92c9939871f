package dev.airlock.adapter.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CodeArtifact repository kept in memory behind WireMock, for contract tests that need a
 * repository with state rather than scripted replies: the generic-format operations the CodeArtifact
 * repository uses (PublishPackageVersion, ListPackageVersions, ListPackageVersionAssets,
 * DescribePackageVersion, GetPackageVersionAsset, UpdatePackageVersionsStatus), one request at a
 * time. A finished version takes no second publish (ConflictException), a missing package or version
 * is a ResourceNotFoundException, and an Archived version's assets no longer download. Anything else
 * is answered with a ValidationException, so a repository that starts using more of CodeArtifact
 * fails loudly here.
 */
public final class FakeCodeArtifact implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One version: its status and its one asset. */
  private static final class Version {
    String status = "Published";
    int revision = 1;
    String assetName;
    byte[] content;
    String sha256;
  }

  /** Versions by package coordinates ({@code format/namespace/package}), then by version, in publish order. */
  private final Map<String, Map<String, Version>> packages = new HashMap<>();

  /** Empties the repository. */
  public synchronized void clear() {
    packages.clear();
  }

  @Override
  public String getName() {
    return "fake-codeartifact";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String operation = request.getMethod().getName() + " " + request.getUrl().replaceFirst("\\?.*", "");
    try {
      return switch (operation) {
        case "POST /v1/package/versions" -> listVersions(request);
        case "POST /v1/package/version/assets" -> listAssets(request);
        case "GET /v1/package/version" -> describe(request);
        case "POST /v1/package/version/publish" -> publish(request);
        case "GET /v1/package/version/asset" -> asset(request);
        case "POST /v1/package/versions/update_status" -> updateStatus(request);
        default -> error(400, "ValidationException", "the fake repository does not support " + operation);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ResponseDefinition listVersions(Request request) {
    Map<String, Version> versions = packages.get(coordinates(request));
    if (versions == null) {
      return error(404, "ResourceNotFoundException", "package " + query(request, "package") + " not found");
    }
    ObjectNode body = packageNode(request);
    ArrayNode list = body.putArray("versions");
    versions.forEach((version, v) -> list.addObject().put("version", version).put("revision", "r" + v.revision)
        .put("status", v.status));
    return ok(body);
  }

  private ResponseDefinition listAssets(Request request) {
    Version v = version(request);
    if (v == null) {
      return versionNotFound(request);
    }
    ObjectNode body = packageNode(request).put("version", query(request, "version"))
        .put("versionRevision", "r" + v.revision);
    body.putArray("assets").addObject().put("name", v.assetName).put("size", v.content.length)
        .putObject("hashes").put("SHA-256", v.sha256);
    return ok(body);
  }

  private ResponseDefinition describe(Request request) {
    Version v = version(request);
    if (v == null) {
      return versionNotFound(request);
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("packageVersion").put("format", query(request, "format"))
        .put("namespace", query(request, "namespace")).put("packageName", query(request, "package"))
        .put("version", query(request, "version")).put("revision", "r" + v.revision).put("status", v.status);
    return ok(body);
  }

  private ResponseDefinition publish(Request request) {
    String coordinates = coordinates(request);
    String version = query(request, "version");
    if (packages.getOrDefault(coordinates, Map.of()).containsKey(version)) {
      return error(409, "ConflictException", "package version " + version + " already exists");
    }
    byte[] content = request.getBody();
    String sha256 = sha256(content);
    String declared = request.getHeader("x-amz-content-sha256");
    if (!sha256.equalsIgnoreCase(declared)) {
      return error(400, "ValidationException", "the asset's SHA-256 " + sha256 + " is not the declared " + declared);
    }
    Version v = new Version();
    v.assetName = query(request, "asset");
    v.content = content;
    v.sha256 = sha256;
    packages.computeIfAbsent(coordinates, c -> new LinkedHashMap<>()).put(version, v);
    ObjectNode body = packageNode(request).put("version", version).put("versionRevision", "r1")
        .put("status", v.status);
    body.putObject("asset").put("name", v.assetName).put("size", content.length)
        .putObject("hashes").put("SHA-256", sha256);
    return ok(body);
  }

  private ResponseDefinition asset(Request request) {
    Version v = version(request);
    if (v == null || !v.assetName.equals(query(request, "asset"))) {
      return versionNotFound(request);
    }
    if (!v.status.equals("Published") && !v.status.equals("Unlisted")) {
      // CodeArtifact serves no asset of an archived or disposed version.
      return error(404, "ResourceNotFoundException", "version " + query(request, "version") + " is " + v.status);
    }
    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/octet-stream")
        .withHeader("X-AssetName", v.assetName).withBody(v.content).build();
  }

  private ResponseDefinition updateStatus(Request request) throws IOException {
    JsonNode input = JSON.readTree(request.getBodyAsString());
    Map<String, Version> versions = packages.getOrDefault(coordinates(request), Map.of());
    ObjectNode body = JSON.createObjectNode();
    ObjectNode succeeded = body.putObject("successfulVersions");
    ObjectNode failed = body.putObject("failedVersions");
    List<String> asked = new ArrayList<>();
    input.path("versions").forEach(n -> asked.add(n.asText()));
    for (String version : asked) {
      Version v = versions.get(version);
      if (v == null) {
        failed.putObject(version).put("errorCode", "NOT_FOUND").put("errorMessage", version + " not found");
      } else if (input.has("expectedStatus") && !input.get("expectedStatus").asText().equals(v.status)) {
        failed.putObject(version).put("errorCode", "MISMATCHED_STATUS").put("errorMessage", "it is " + v.status);
      } else {
        v.status = input.path("targetStatus").asText();
        v.revision++;
        succeeded.putObject(version).put("revision", "r" + v.revision).put("status", v.status);
      }
    }
    return ok(body);
  }

  private Version version(Request request) {
    return packages.getOrDefault(coordinates(request), Map.of()).get(query(request, "version"));
  }

  private ResponseDefinition versionNotFound(Request request) {
    return error(404, "ResourceNotFoundException", "package version " + query(request, "package") + " "
        + query(request, "version") + " not found");
  }

  private static String coordinates(Request request) {
    if (!"generic".equals(query(request, "format"))) {
      throw new IllegalArgumentException("the fake repository holds generic packages only");
    }
    return query(request, "domain") + "/" + query(request, "repository") + "/" + query(request, "namespace") + "/"
        + query(request, "package");
  }

  private static ObjectNode packageNode(Request request) {
    return JSON.createObjectNode().put("format", query(request, "format"))
        .put("namespace", query(request, "namespace")).put("package", query(request, "package"));
  }

  private static String query(Request request, String name) {
    QueryParameter parameter = request.queryParameter(name);
    return parameter.isPresent() ? parameter.firstValue() : null;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResponseDefinition ok(JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(body.toString()).build();
  }

  private static ResponseDefinition error(int status, String type, String message) {
    return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", type).withBody(JSON.createObjectNode().put("message", message).toString())
        .build();
  }
}
