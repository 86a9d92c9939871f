package dev.airlock.adapter.storage.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes the file-system repository and ledger store, and their mapping to domain values. */
public final class Documents {
  /** The mapper for every stored document: ISO dates, no unknown-field failures (newer writers). */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Documents() {}

  /** A stored finding. */
  public record FindingDoc(String ruleId, String title, Severity severity, String path, Integer line,
      String description, String recommendation, String scanner) {

    static FindingDoc from(Finding f) {
      return new FindingDoc(f.ruleId(), f.title(), f.severity(), f.path().orElse(null),
          f.line().isPresent() ? f.line().getAsInt() : null, f.description(), f.recommendation(), f.scanner());
    }

    Finding toDomain() {
      var b = Finding.builder().ruleId(ruleId).title(title).severity(severity).description(description)
          .recommendation(recommendation).scanner(scanner);
      Optional.ofNullable(path).ifPresent(b::path);
      Optional.ofNullable(line).ifPresent(b::line);
      return b.build();
    }
  }

  /** A stored publication. */
  public record PublicationDoc(int schema, String repository, String packageName, String version, String assetName,
      String sha256, String location, String installInstructions) {

    public static PublicationDoc from(Publication p) {
      return new PublicationDoc(1, p.repository(), p.packageName(), p.version(), p.assetName(), p.sha256().hex(),
          p.location(), p.installInstructions());
    }

    public Publication toDomain() {
      return Publication.builder().repository(repository).packageName(packageName).version(version)
          .assetName(assetName).sha256(Sha256.of(sha256)).location(location)
          .installInstructions(installInstructions).build();
    }
  }

  /**
   * A stored decision. The URL is kept as people may see it (no user info, query or fragment: a signed
   * URL's token is not written to disk) with the SHA-256 of the whole URL, which identifies the request.
   */
  public record DecisionDoc(int schema, String normalisedName, String url, String urlSha256, String sha256,
      String packageName, ScanVerdict.Outcome outcome, String version, PublicationDoc publication,
      List<FindingDoc> blockingFindings, String requester, String requesterEmail, Instant decidedAt, String runId,
      String commit) {

    public static DecisionDoc from(Decision d) {
      RequestKey request = d.key().request();
      return new DecisionDoc(2, request.normalisedName(), displayUrl(request.url()), urlSha256(request.url()),
          d.key().sha256().hex(), d.packageName(), d.outcome(), d.version().orElse(null),
          d.publication().map(PublicationDoc::from).orElse(null),
          d.blockingFindings().stream().map(FindingDoc::from).toList(), d.requester().id(),
          d.requester().email().orElse(null), d.decidedAt(), d.runId(), d.commit().orElse(null));
    }

    /**
     * The decision for {@code requested}, whose URL this document must be for: by its digest, or, in a
     * document written before digests were kept, by the URL itself.
     */
    public Decision toDomain(RequestKey requested) {
      boolean same = urlSha256 != null ? urlSha256.equals(urlSha256(requested.url())) : requested.url().equals(url);
      if (!same) {
        throw new IllegalStateException("it is for another URL (" + url + ")");
      }
      return toDomainWith(requested);
    }

    /** The decision as stored, its key from the stored name and URL (listing and history, where no request asks). */
    public Decision toDomain() {
      return toDomainWith(RequestKey.of(normalisedName, url));
    }

    /** Whether the stored URL is not the request's own: it had user info, a query or a fragment, not stored. */
    public boolean urlShortened() {
      return urlSha256 != null && !urlSha256.equals(urlSha256(url));
    }

    private Decision toDomainWith(RequestKey requested) {
      Requester who = Requester.builder().id(requester).email(Optional.ofNullable(requesterEmail)).build();
      return Decision.builder()
          .key(DecisionKey.of(requested, Sha256.of(sha256)))
          .packageName(packageName)
          .outcome(outcome)
          .version(Optional.ofNullable(version))
          .publication(Optional.ofNullable(publication).map(PublicationDoc::toDomain))
          .blockingFindings(blockingFindings == null ? List.of()
              : blockingFindings.stream().map(FindingDoc::toDomain).toList())
          .requester(who)
          .decidedAt(decidedAt)
          .runId(runId)
          .commit(Optional.ofNullable(commit))
          .build();
    }

    private static String urlSha256(String url) {
      return Sha256.hashOf(url.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static String displayUrl(String url) {
      try {
        return DisplayUrls.of(URI.create(url));
      } catch (IllegalArgumentException e) {
        return "(unreadable URL)";
      }
    }
  }
}
