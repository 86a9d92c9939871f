package dev.airlock.adapter.github.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pull request's check saw: for each row it fetched, the content's SHA-256, kept in the check's
 * comment as hidden data ({@code <!-- airlock:observed BASE64 -->}). It is an observation, not a
 * decision: the merge's run fetches and scans the row again and only uses it to notice that the
 * upstream file changed between check and merge. Rows are keyed by normalised name and the SHA-256
 * of their URL, so a URL that carries a token is never written into the comment.
 */
public final class CheckObservations {
  /** Starts the hidden data in a check comment. */
  static final String PREFIX = "<!-- airlock:observed ";
  private static final Pattern HIDDEN = Pattern.compile("<!-- airlock:observed ([A-Za-z0-9_-]{1,200000}={0,2}) -->");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Map<Key, Sha256> seen;

  private CheckObservations(Map<Key, Sha256> seen) {
    this.seen = Map.copyOf(seen);
  }

  /** Which row: its normalised package name and the SHA-256 of its URL. */
  record Key(String normalisedName, String urlSha256) {
    static Key of(PackageRequest request) {
      return new Key(request.normalisedName(),
          Sha256.hashOf(request.url().toString().getBytes(StandardCharsets.UTF_8)).hex());
    }
  }

  /** What a check saw in {@code outcomes}: every request whose content it fetched. */
  public static CheckObservations of(List<RequestOutcome> outcomes) {
    Map<Key, Sha256> seen = new LinkedHashMap<>();
    for (RequestOutcome outcome : outcomes) {
      if (outcome.request().isPresent() && outcome.sha256().isPresent()) {
        seen.put(Key.of(outcome.request().get()), outcome.sha256().get());
      }
    }
    return new CheckObservations(seen);
  }

  /** No observation. */
  public static CheckObservations none() {
    return new CheckObservations(Map.of());
  }

  /** The observations hidden in a check comment's body; none when it holds none or they cannot be read. */
  public static CheckObservations parse(String commentBody) {
    if (commentBody == null) {
      return none();
    }
    Matcher matcher = HIDDEN.matcher(commentBody);
    if (!matcher.find()) {
      return none();
    }
    try {
      JsonNode doc = JSON.readTree(Base64.getUrlDecoder().decode(matcher.group(1)));
      if (doc.path("v").asInt() != VERSION || !doc.path("rows").isArray()) {
        return none();
      }
      Map<Key, Sha256> seen = new LinkedHashMap<>();
      for (JsonNode row : doc.path("rows")) {
        seen.put(new Key(row.path("package").asText(), row.path("urlSha256").asText()),
            Sha256.of(row.path("sha256").asText()));
      }
      return new CheckObservations(seen);
    } catch (IOException | IllegalArgumentException e) {
      // Someone edited the hidden data: there is nothing to compare with, and the merge scans anyway.
      return none();
    }
  }

  /** The SHA-256 the check saw for this request's row, if it fetched it. */
  public Optional<Sha256> sha256Of(PackageRequest request) {
    return Optional.ofNullable(seen.get(Key.of(request)));
  }

  /** How many rows were seen. */
  public int size() {
    return seen.size();
  }

  /** These observations and {@code more}; on a row seen by both, {@code more}'s. */
  public CheckObservations and(CheckObservations more) {
    Map<Key, Sha256> all = new LinkedHashMap<>(seen);
    all.putAll(more.seen);
    return new CheckObservations(all);
  }

  /** The hidden comment line holding these observations. */
  String hidden() {
    ObjectNode doc = JSON.createObjectNode().put("v", VERSION);
    ArrayNode rows = doc.putArray("rows");
    seen.forEach((key, sha) -> rows.addObject().put("package", key.normalisedName())
        .put("urlSha256", key.urlSha256()).put("sha256", sha.hex()));
    try {
      return PREFIX + Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(doc)) + " -->";
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the check's observations", e);
    }
  }
}
