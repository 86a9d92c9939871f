package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.adapter.aws.codeartifact.RepositoryAccess.Token;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The upload {@code twine upload} makes to a PyPI-style repository (the "legacy" upload API that
 * CodeArtifact's pypi endpoint serves): a {@code multipart/form-data} POST to the repository
 * endpoint with Basic credentials {@code aws:<token>}, the form fields twine sends (the action,
 * protocol version, name, version, file type, Python version, the core metadata fields and the
 * digests) and the file as the {@code content} part. The file is streamed from the fetched
 * archive behind a fixed {@code Content-Length}; only the form fields are held in memory.
 */
final class PypiUpload {
  /** Metadata headers twine sends under another name than their lower-case, underscored one. */
  private static final Map<String, String> RENAMED = Map.of(
      "classifier", "classifiers",
      "project-url", "project_urls",
      "home-page", "home_page");
  /** The metadata headers twine sends (as form fields), by lower-case header name. */
  private static final List<String> SENT = List.of("summary", "home-page", "author", "author-email", "maintainer",
      "maintainer-email", "license", "keywords", "platform", "classifier", "download-url", "supported-platform",
      "provides", "requires", "obsoletes", "project-url", "provides-dist", "obsoletes-dist", "requires-dist",
      "requires-external", "requires-python", "provides-extra", "description-content-type", "dynamic",
      "license-expression", "license-file");

  /** One form field. */
  record Field(String name, String value) {}

  private PypiUpload() {}

  /** {@code aws:<token>} as HTTP Basic credentials. */
  static String basicCredentials(String token) {
    return Base64.getEncoder().encodeToString(("aws:" + token).getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads {@code artifact} as {@code distribution} to {@code endpoint}. */
  static Uploads.Answer send(HttpClient http, URI endpoint, Token token, Distribution distribution,
      FetchedArtifact artifact) throws PortException {
    String md5 = md5Of(artifact);
    String boundary = "airlock-" + UUID.randomUUID();
    byte[] head = head(boundary, fields(distribution, artifact.sha256().hex(), md5), distribution.fileName());
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    long length = head.length + artifact.size() + tail.length;
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Uploads.TIMEOUT)
        .header("Authorization", "Basic " + basicCredentials(token.value()))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
            () -> new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), open(artifact)),
                new ByteArrayInputStream(tail))), length))
        .build();
    return Uploads.send(http, request, token, "CodeArtifact pypi upload of " + distribution.fileName());
  }

  /** The form fields twine sends for this file, in twine's order, without the file itself. */
  static List<Field> fields(Distribution distribution, String sha256Hex, String md5Hex) {
    CoreMetadata metadata = distribution.coreMetadata().orElseThrow(() -> new IllegalArgumentException(
        distribution + " is not a Python distribution"));
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(":action", "file_upload"));
    fields.add(new Field("protocol_version", "1"));
    fields.add(new Field("name", metadata.name()));
    fields.add(new Field("version", metadata.version()));
    fields.add(new Field("filetype", distribution.kind() == Distribution.Kind.PYTHON_WHEEL ? "bdist_wheel" : "sdist"));
    fields.add(new Field("pyversion", distribution.pythonTag().orElseThrow()));
    fields.add(new Field("metadata_version", metadata.metadataVersion()));
    for (String header : SENT) {
      String field = RENAMED.getOrDefault(header, header.replace('-', '_'));
      metadata.all(header).forEach(value -> fields.add(new Field(field, value)));
    }
    metadata.body().or(() -> metadata.first("Description"))
        .ifPresent(description -> fields.add(new Field("description", description)));
    fields.add(new Field("md5_digest", md5Hex));
    fields.add(new Field("sha256_digest", sha256Hex));
    return fields;
  }

  private static byte[] head(String boundary, List<Field> fields, String fileName) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (Field field : fields) {
      write(head, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.name() + "\"\r\n\r\n"
          + field.value() + "\r\n");
    }
    write(head, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    return head.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** twine sends an MD5 digest beside the SHA-256; computed by streaming the archive once. */
  private static String md5Of(FetchedArtifact artifact) throws PortException {
    try (DigestInputStream in = new DigestInputStream(artifact.openStream(), MessageDigest.getInstance("MD5"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new PortException("cannot read " + artifact.fileName() + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(FetchedArtifact artifact) {
    try {
      return artifact.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
