package dev.airlock.adapter.aws.codeartifact;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.adapter.aws.codeartifact.RepositoryAccess.Token;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Distribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The request {@code npm publish} sends: a PUT of the package document to
 * {@code <registry>/<escaped name>} with a Bearer token, holding the version's manifest (the
 * tarball's {@code package.json} with {@code _id} and {@code dist}: SHA-512 integrity, SHA-1
 * shasum, tarball URL), the {@code latest} dist-tag and the tarball itself, base64, as an
 * attachment. The document is written by Jackson's streaming generator, the tarball encoded as it
 * is read, into a private temporary file that is then sent with its {@code Content-Length} (as npm
 * sends it) and deleted: the archive is never held in memory.
 */
final class NpmPublish {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private NpmPublish() {}

  /** Publishes {@code artifact} as {@code distribution} to the npm registry at {@code endpoint}. */
  static Uploads.Answer send(HttpClient http, URI endpoint, Token token, Distribution distribution,
      FetchedArtifact artifact) throws PortException {
    if (artifact.size() > Integer.MAX_VALUE) {
      throw new PortException(distribution.fileName() + " is too large for an npm publish document");
    }
    Path document = null;
    try {
      document = Files.createTempFile("airlock-npm-publish-", ".json",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      write(document, endpoint, distribution, artifact);
      HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(escapedName(distribution.name())))
          .timeout(Uploads.TIMEOUT)
          .header("Authorization", "Bearer " + token.value())
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .header("npm-command", "publish")
          .PUT(HttpRequest.BodyPublishers.ofFile(document))
          .build();
      return Uploads.send(http, request, token, "CodeArtifact npm publish of " + distribution.name() + " "
          + distribution.version());
    } catch (IOException e) {
      throw new PortException("cannot write the npm publish document of " + distribution.name() + ": "
          + e.getMessage(), e);
    } finally {
      if (document != null) {
        try {
          Files.deleteIfExists(document);
        } catch (IOException ignored) {
          // a leftover temporary document holds only the approved, published tarball
        }
      }
    }
  }

  /** {@code @scope/name} as the registry's path has it: {@code @scope%2fname}. */
  static String escapedName(String name) {
    return name.replace("/", "%2f");
  }

  private static void write(Path document, URI endpoint, Distribution distribution, FetchedArtifact artifact)
      throws IOException, PortException {
    String name = distribution.name();
    String version = distribution.version();
    Digests digests = digests(artifact);
    String tarballName = name + "-" + version + ".tgz";
    ObjectNode manifest = (ObjectNode) JSON.readTree(distribution.npmManifest().orElseThrow());
    manifest.put("_id", name + "@" + version);
    ObjectNode dist = manifest.putObject("dist");
    dist.put("integrity", "sha512-" + digests.sha512Base64());
    dist.put("shasum", digests.sha1Hex());
    dist.put("tarball", endpoint.resolve(escapedName(name) + "/-/" + tarballName).toString());
    try (OutputStream out = Files.newOutputStream(document);
        JsonGenerator json = JSON.getFactory().createGenerator(out);
        InputStream tarball = artifact.openStream()) {
      json.setCodec(JSON);
      json.writeStartObject();
      json.writeStringField("_id", name);
      json.writeStringField("name", name);
      JsonNode description = manifest.path("description");
      if (description.isTextual()) {
        json.writeStringField("description", description.asText());
      }
      json.writeObjectFieldStart("dist-tags");
      json.writeStringField("latest", version);
      json.writeEndObject();
      json.writeObjectFieldStart("versions");
      json.writeFieldName(version);
      json.writeTree(manifest);
      json.writeEndObject();
      json.writeNullField("access");
      json.writeObjectFieldStart("_attachments");
      json.writeObjectFieldStart(tarballName);
      json.writeStringField("content_type", "application/octet-stream");
      json.writeFieldName("data");
      json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, tarball, (int) artifact.size());
      json.writeNumberField("length", artifact.size());
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  /** The tarball's digests npm records, computed by streaming it once. */
  private record Digests(String sha512Base64, String sha1Hex) {}

  private static Digests digests(FetchedArtifact artifact) throws PortException {
    try (DigestInputStream sha512 = new DigestInputStream(artifact.openStream(), MessageDigest.getInstance("SHA-512"));
        DigestInputStream sha1 = new DigestInputStream(sha512, MessageDigest.getInstance("SHA-1"))) {
      sha1.transferTo(OutputStream.nullOutputStream());
      return new Digests(Base64.getEncoder().encodeToString(sha512.getMessageDigest().digest()),
          HexFormat.of().formatHex(sha1.getMessageDigest().digest()));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new PortException("cannot read " + artifact.fileName() + ": " + e.getMessage(), e);
    }
  }
}
