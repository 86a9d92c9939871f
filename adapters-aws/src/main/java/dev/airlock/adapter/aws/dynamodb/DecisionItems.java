package dev.airlock.adapter.aws.dynamodb;

import dev.airlock.domain.Claim;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Requester;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ledger's item layout: keys, attribute names and the mapping between items and decisions and
 * claims. One table, partition key {@code decisionKey} (string), two kinds of item:
 * {@code decision#<name>#<sha256 of url>#<content sha256>} (the claim, then the decision) and
 * {@code latest#<name>#<sha256 of url>} (a copy of the newest decision for that name and URL).
 * A decision re-evaluation replaced is kept as {@code history#<name>#<sha256 of url>#<content sha256>#<n>}
 * ({@code n} counting from 1; the decision item's {@code historyCount} says how many there are), its
 * verdict under {@code historyVerdict} so it stays out of the verdict index.
 *
 * <p>A worker of a run spread over several builds leaves one note per row,
 * {@code run#<sha256 of run id>#<line>#<name>#<sha256 of url>}, with no verdict (so never in the
 * index) and an {@value #EXPIRES_AT} for the table's time to live.
 *
 * <p>The global secondary index {@value #VERDICT_INDEX} (partition key {@code verdict}, sort key
 * {@code decisionKey}, all attributes projected) holds every item that has a verdict; re-evaluation
 * queries it for one verdict and the {@code decision#} prefix, a page at a time.
 */
final class DecisionItems {
  static final String KEY = "decisionKey";
  static final String KIND = "kind";
  static final String NAME = "normalisedName";
  static final String URL = "url";
  static final String URL_SHA256 = "urlSha256";
  static final String SHA256 = "sha256";
  static final String CLAIM_RUN_ID = "claimRunId";
  static final String CLAIM_TOKEN = "claimToken";
  static final String CLAIMED_AT = "claimedAt";
  static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
  static final String VERDICT = "verdict";
  static final String PACKAGE_NAME = "packageName";
  static final String VERSION = "version";
  static final String PUBLICATION = "publication";
  static final String BLOCKING_FINDINGS = "blockingFindings";
  static final String BLOCKING_FINDING_COUNT = "blockingFindingCount";
  static final String FINDINGS_SUMMARY = "findingsSummary";
  static final String REQUESTER = "requester";
  static final String REQUESTER_EMAIL = "requesterEmail";
  static final String DECIDED_AT = "decidedAt";
  static final String DECIDED_AT_MILLIS = "decidedAtMillis";
  static final String RUN_ID = "runId";
  static final String COMMIT = "commit";
  static final String HISTORY_COUNT = "historyCount";
  static final String HISTORY_VERDICT = "historyVerdict";
  static final String HISTORY_OF = "historyOf";
  static final String NOTE_RUN_ID = "noteRunId";
  static final String NOTE_LINE = "noteLine";
  static final String NOTE_STATUS = "noteStatus";
  static final String NOTE_RANK = "noteRank";
  static final String NOTE_ERROR = "noteError";
  static final String NOTE_WORKER = "noteWorker";
  static final String NOTED_AT = "notedAt";
  /** Epoch seconds after which DynamoDB's time to live may delete a run note (decisions never expire). */
  static final String EXPIRES_AT = "expiresAt";
  /** How long a run note is kept: far longer than any run and its assembly. */
  static final java.time.Duration NOTE_RETENTION = java.time.Duration.ofDays(30);
  /** The index re-evaluation pages through: partition key {@code verdict}, sort key {@code decisionKey}. */
  static final String VERDICT_INDEX = "verdict-index";
  /** Every attribute the decision part of an item may hold; a replacement removes those it does not set. */
  static final List<String> DECISION_ATTRIBUTES = List.of(VERDICT, PACKAGE_NAME, VERSION, PUBLICATION,
      BLOCKING_FINDINGS, BLOCKING_FINDING_COUNT, FINDINGS_SUMMARY, REQUESTER, REQUESTER_EMAIL, DECIDED_AT,
      DECIDED_AT_MILLIS, RUN_ID, COMMIT);

  /** Findings kept per item; the count says how many there were. Keeps an item far below DynamoDB's 400 KB. */
  static final int MAX_STORED_FINDINGS = 100;
  private static final int MAX_TEXT = 1_000;
  private static final int MAX_SUMMARY = 500;

  private DecisionItems() {}

  static String decisionKey(DecisionKey key) {
    return "decision#" + requestPart(key.request()) + "#" + key.sha256().hex();
  }

  static String historyKey(DecisionKey key, long n) {
    return "history#" + requestPart(key.request()) + "#" + key.sha256().hex() + "#" + n;
  }

  /** The history item keeping {@code decision} as the key's {@code n}-th earlier decision. */
  static Map<String, AttributeValue> historyItem(Decision decision, long n) {
    Map<String, AttributeValue> item = new HashMap<>(decisionAttributes(decision));
    item.put(HISTORY_VERDICT, item.remove(VERDICT));
    item.put(KEY, s(historyKey(decision.key(), n)));
    item.put(KIND, s("history"));
    item.put(HISTORY_OF, s(decisionKey(decision.key())));
    item.put(NAME, s(decision.key().request().normalisedName()));
    putUrl(item, decision.key().request());
    item.put(SHA256, s(decision.key().sha256().hex()));
    return item;
  }

  /** The decision a history item keeps. */
  static Decision fromHistoryItem(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> asDecision = new HashMap<>(item);
    asDecision.put(VERDICT, item.get(HISTORY_VERDICT));
    return toDecision(asDecision);
  }

  static long historyCount(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(HISTORY_COUNT)).map(v -> Long.parseLong(v.n())).orElse(0L);
  }

  static String noteKey(String runId, int line, RequestKey key) {
    return "run#" + Sha256.hashOf(runId.getBytes(StandardCharsets.UTF_8)).hex() + "#" + line + "#" + requestPart(key);
  }

  /** The item of a run note; the URL is kept only as its hash (a query may carry a token). */
  static Map<String, AttributeValue> noteItem(RunNote note) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, s(noteKey(note.runId(), note.line(), note.request())));
    item.put(KIND, s("run-note"));
    item.put(NOTE_RUN_ID, s(note.runId()));
    item.put(NOTE_LINE, n(note.line()));
    item.put(NAME, s(note.request().normalisedName()));
    item.put(URL_SHA256, s(Sha256.hashOf(note.request().url().getBytes(StandardCharsets.UTF_8)).hex()));
    item.put(NOTE_STATUS, s(note.status().name()));
    item.put(NOTE_RANK, n(note.status().ordinal()));
    note.sha256().ifPresent(sha -> item.put(SHA256, s(sha.hex())));
    note.errorReason().ifPresent(reason -> item.put(NOTE_ERROR, s(clip(reason, MAX_TEXT))));
    item.put(NOTE_WORKER, s(note.worker()));
    item.put(NOTED_AT, s(note.notedAt().toString()));
    item.put(EXPIRES_AT, n(note.notedAt().plus(NOTE_RETENTION).getEpochSecond()));
    return item;
  }

  /** The note an item holds, about {@code request} (the item keeps only its URL's hash). */
  static RunNote toNote(Map<String, AttributeValue> item, RequestKey request) {
    return new RunNote(item.get(NOTE_RUN_ID).s(), Integer.parseInt(item.get(NOTE_LINE).n()), request,
        RunNote.Status.valueOf(item.get(NOTE_STATUS).s()),
        Optional.ofNullable(item.get(SHA256)).map(v -> Sha256.of(v.s())),
        Optional.ofNullable(item.get(NOTE_ERROR)).map(AttributeValue::s), item.get(NOTE_WORKER).s(),
        Instant.parse(item.get(NOTED_AT).s()));
  }

  static String latestKey(RequestKey key) {
    return "latest#" + requestPart(key);
  }

  /** The URL is hashed so every key stays far below DynamoDB's 2048-byte partition key limit. */
  private static String requestPart(RequestKey key) {
    return key.normalisedName() + "#" + Sha256.hashOf(key.url().getBytes(StandardCharsets.UTF_8)).hex();
  }

  static Map<String, AttributeValue> keyOf(String key) {
    return Map.of(KEY, s(key));
  }

  /** The item a claim writes: the key's identity and the claim, no verdict. */
  static Map<String, AttributeValue> claimItem(Claim claim) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, s(decisionKey(claim.key())));
    item.put(KIND, s("decision"));
    item.put(NAME, s(claim.key().request().normalisedName()));
    putUrl(item, claim.key().request());
    item.put(SHA256, s(claim.key().sha256().hex()));
    item.put(CLAIM_RUN_ID, s(claim.runId()));
    item.put(CLAIM_TOKEN, s(claim.token()));
    item.put(CLAIMED_AT, s(claim.claimedAt().toString()));
    item.put(LEASE_EXPIRES_AT, n(claim.leaseExpiresAt().toEpochMilli()));
    return item;
  }

  /** The decision's attributes, as the final update sets them and the latest item copies them. */
  static Map<String, AttributeValue> decisionAttributes(Decision decision) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(VERDICT, s(decision.outcome().name()));
    item.put(PACKAGE_NAME, s(decision.packageName()));
    decision.version().ifPresent(v -> item.put(VERSION, s(v)));
    decision.publication().ifPresent(p -> item.put(PUBLICATION, publication(p)));
    List<Finding> findings = decision.blockingFindings();
    item.put(BLOCKING_FINDINGS, AttributeValue.fromL(findings.stream().limit(MAX_STORED_FINDINGS)
        .map(DecisionItems::finding).toList()));
    item.put(BLOCKING_FINDING_COUNT, n(findings.size()));
    item.put(FINDINGS_SUMMARY, s(summary(findings)));
    item.put(REQUESTER, s(decision.requester().id()));
    decision.requester().email().ifPresent(e -> item.put(REQUESTER_EMAIL, s(e)));
    item.put(DECIDED_AT, s(decision.decidedAt().toString()));
    item.put(DECIDED_AT_MILLIS, n(decision.decidedAt().toEpochMilli()));
    item.put(RUN_ID, s(decision.runId()));
    decision.commit().ifPresent(c -> item.put(COMMIT, s(c)));
    return item;
  }

  /** The latest item for the decision's name and URL. */
  static Map<String, AttributeValue> latestItem(Decision decision) {
    Map<String, AttributeValue> item = new HashMap<>(decisionAttributes(decision));
    item.put(KEY, s(latestKey(decision.key().request())));
    item.put(KIND, s("latest"));
    item.put(NAME, s(decision.key().request().normalisedName()));
    putUrl(item, decision.key().request());
    item.put(SHA256, s(decision.key().sha256().hex()));
    return item;
  }

  static boolean isDecided(Map<String, AttributeValue> item) {
    return item.containsKey(VERDICT);
  }

  /**
   * The URL as people may see it (no user info, query or fragment: a signed URL's token stays out of
   * the table) and the SHA-256 of the whole URL, which is what identifies the request.
   */
  private static void putUrl(Map<String, AttributeValue> item, RequestKey key) {
    item.put(URL, s(displayUrl(key.url())));
    item.put(URL_SHA256, s(urlSha256(key.url())));
  }

  static String urlSha256(String url) {
    return Sha256.hashOf(url.getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static String displayUrl(String url) {
    try {
      return DisplayUrls.of(URI.create(url));
    } catch (IllegalArgumentException e) {
      return "(unreadable URL)";
    }
  }

  /** A decision read from an item, and the attributes that could not be read (its details then have defaults). */
  record Read(Decision decision, List<String> unreadable) {}

  /**
   * The decision a decided item holds for {@code requested}, its content digest {@code sha256} (the
   * item's own when empty). The verdict must be readable, or nobody can know whether the content was
   * decided, and an approval's publication too, or its requesters could not install it; every other
   * attribute is read as far as it can be and listed in {@link Read#unreadable} otherwise (a
   * hand-written or older item), its decision time then being the claim's.
   *
   * @throws IllegalArgumentException when the verdict, an approval's publication or the digest cannot be
   *     read, or the item is for another URL
   */
  static Read toDecision(Map<String, AttributeValue> item, RequestKey requested, Optional<Sha256> sha256) {
    Optional<String> urlSha256 = Optional.ofNullable(item.get(URL_SHA256)).map(AttributeValue::s);
    if (urlSha256.isPresent() && !urlSha256.get().equals(urlSha256(requested.url()))) {
      throw new IllegalArgumentException("it is for another URL (" + text(item, URL) + ")");
    }
    String verdict = text(item, VERDICT);
    ScanVerdict.Outcome outcome = outcome(verdict);
    if (outcome == ScanVerdict.Outcome.ERROR) {
      throw new IllegalArgumentException("verdict '" + verdict + "' is not APPROVED or REFUSED");
    }
    Sha256 content = sha256.orElseGet(() -> Sha256.of(text(item, SHA256)));
    Optional<Publication> publication;
    try {
      publication = Optional.ofNullable(item.get(PUBLICATION)).map(v -> toPublication(v.m()));
    } catch (RuntimeException e) {
      publication = Optional.empty();
    }
    if (outcome == ScanVerdict.Outcome.APPROVED && publication.isEmpty()) {
      // Skipping it would leave its requesters without the way to install it: it must be repaired.
      throw new IllegalArgumentException("it is APPROVED, but its publication (a map of repository, packageName, "
          + "version, assetName, sha256, location, installInstructions) is missing or cannot be read");
    }
    List<String> unreadable = new ArrayList<>();
    Instant claimedAt = read(new ArrayList<>(), CLAIMED_AT, () -> Instant.parse(text(item, CLAIMED_AT)), Instant.EPOCH);
    var decision = Decision.builder()
        .key(DecisionKey.of(requested, content))
        .outcome(outcome)
        .packageName(read(unreadable, PACKAGE_NAME, () -> text(item, PACKAGE_NAME), requested.normalisedName()))
        .version(read(unreadable, VERSION, () -> Optional.ofNullable(item.get(VERSION)).map(AttributeValue::s),
            Optional.empty()))
        .publication(publication)
        .blockingFindings(read(unreadable, BLOCKING_FINDINGS, () -> findings(item, outcome),
            outcome == ScanVerdict.Outcome.REFUSED ? List.of(unreadableFindings(item)) : List.<Finding>of()))
        .requester(read(unreadable, REQUESTER, () -> Requester.builder().id(text(item, REQUESTER))
            .email(Optional.ofNullable(item.get(REQUESTER_EMAIL)).map(AttributeValue::s)).build(), Requester.unknown()))
        // the claim was taken moments before the decision: the closer time to show when the decision's is lost
        .decidedAt(read(unreadable, DECIDED_AT, () -> Instant.parse(text(item, DECIDED_AT)), claimedAt))
        .runId(read(unreadable, RUN_ID, () -> text(item, RUN_ID), "unknown"))
        .commit(read(unreadable, COMMIT, () -> Optional.ofNullable(item.get(COMMIT)).map(AttributeValue::s),
            Optional.empty()))
        .build();
    return new Read(decision, List.copyOf(unreadable));
  }

  private static ScanVerdict.Outcome outcome(String verdict) {
    try {
      return ScanVerdict.Outcome.valueOf(verdict);
    } catch (IllegalArgumentException e) {
      return ScanVerdict.Outcome.ERROR;
    }
  }

  private static List<Finding> findings(Map<String, AttributeValue> item, ScanVerdict.Outcome outcome) {
    List<Finding> findings = Optional.ofNullable(item.get(BLOCKING_FINDINGS)).map(AttributeValue::l).orElse(List.of())
        .stream().map(v -> toFinding(v.m())).toList();
    if (outcome == ScanVerdict.Outcome.REFUSED && findings.isEmpty()) {
      throw new IllegalArgumentException("a refusal without findings");
    }
    return findings;
  }

  /** What a refusal whose findings cannot be read shows in their place: that they cannot be read, and its summary. */
  private static Finding unreadableFindings(Map<String, AttributeValue> item) {
    String summary = Optional.ofNullable(item.get(FINDINGS_SUMMARY)).map(AttributeValue::s).orElse("none kept");
    return Finding.builder().ruleId("AIRLOCK-LEDGER-DETAILS-UNREADABLE").severity(Severity.INFO)
        .title("The findings of this earlier refusal cannot be read from the ledger")
        .description("The ledger item's blocking findings are missing or in another shape; its summary: " + summary)
        .recommendation("Look the decision up in the run's report, or repair the ledger item.")
        .scanner("ledger").build();
  }

  /** The attribute as {@code reader} reads it, or {@code fallback} (and its name in {@code unreadable}). */
  private static <T> T read(List<String> unreadable, String attribute, Supplier<T> reader, T fallback) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      unreadable.add(attribute);
      return fallback;
    }
  }

  /**
   * The decision an item holds, read from its own attributes (listing and history, where no request asks):
   * it must be decided and whole.
   */
  static Decision toDecision(Map<String, AttributeValue> item) {
    DecisionKey key = DecisionKey.of(RequestKey.of(text(item, NAME), text(item, URL)), Sha256.of(text(item, SHA256)));
    Requester requester = Requester.builder().id(text(item, REQUESTER))
        .email(Optional.ofNullable(item.get(REQUESTER_EMAIL)).map(AttributeValue::s)).build();
    return Decision.builder()
        .key(key)
        .packageName(text(item, PACKAGE_NAME))
        .outcome(ScanVerdict.Outcome.valueOf(text(item, VERDICT)))
        .version(Optional.ofNullable(item.get(VERSION)).map(AttributeValue::s))
        .publication(Optional.ofNullable(item.get(PUBLICATION)).map(v -> toPublication(v.m())))
        .blockingFindings(Optional.ofNullable(item.get(BLOCKING_FINDINGS)).map(AttributeValue::l).orElse(List.of())
            .stream().map(v -> toFinding(v.m())).toList())
        .requester(requester)
        .decidedAt(Instant.parse(text(item, DECIDED_AT)))
        .runId(text(item, RUN_ID))
        .commit(Optional.ofNullable(item.get(COMMIT)).map(AttributeValue::s))
        .build();
  }

  /** Whether the item's {@code url} is not the request's own (it had user info, a query or a fragment, not stored). */
  static boolean urlShortened(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(URL_SHA256)).map(AttributeValue::s)
        .filter(hash -> !hash.equals(urlSha256(text(item, URL)))).isPresent();
  }

  static String claimRunId(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(CLAIM_RUN_ID)).map(AttributeValue::s).orElse("unknown");
  }

  static Optional<String> claimToken(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(CLAIM_TOKEN)).map(AttributeValue::s);
  }

  static Instant leaseExpiresAt(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(LEASE_EXPIRES_AT)).map(v -> Instant.ofEpochMilli(Long.parseLong(v.n())))
        .orElse(Instant.EPOCH);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue publication(Publication p) {
    return AttributeValue.fromM(Map.of(
        "repository", s(p.repository()),
        "packageName", s(p.packageName()),
        "version", s(p.version()),
        "assetName", s(p.assetName()),
        "sha256", s(p.sha256().hex()),
        "location", s(p.location()),
        "installInstructions", s(p.installInstructions())));
  }

  private static Publication toPublication(Map<String, AttributeValue> m) {
    return Publication.builder()
        .repository(text(m, "repository"))
        .packageName(text(m, "packageName"))
        .version(text(m, "version"))
        .assetName(text(m, "assetName"))
        .sha256(Sha256.of(text(m, "sha256")))
        .location(text(m, "location"))
        .installInstructions(text(m, "installInstructions"))
        .build();
  }

  private static AttributeValue finding(Finding f) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("ruleId", s(clip(f.ruleId(), MAX_TEXT)));
    m.put("title", s(clip(f.title(), MAX_TEXT)));
    m.put("severity", s(f.severity().name()));
    f.path().ifPresent(p -> m.put("path", s(clip(p, MAX_TEXT))));
    f.line().ifPresent(l -> m.put("line", n(l)));
    m.put("description", s(clip(f.description(), MAX_TEXT)));
    m.put("recommendation", s(clip(f.recommendation(), MAX_TEXT)));
    m.put("scanner", s(f.scanner()));
    return AttributeValue.fromM(m);
  }

  private static Finding toFinding(Map<String, AttributeValue> m) {
    var b = Finding.builder()
        .ruleId(text(m, "ruleId"))
        .title(text(m, "title"))
        .severity(Severity.valueOf(text(m, "severity")))
        .description(text(m, "description"))
        .recommendation(text(m, "recommendation"))
        .scanner(text(m, "scanner"));
    Optional.ofNullable(m.get("path")).map(AttributeValue::s).ifPresent(b::path);
    Optional.ofNullable(m.get("line")).map(v -> Integer.parseInt(v.n())).ifPresent(b::line);
    return b.build();
  }

  /** One line for people reading the table: how many blocking findings and the first few. */
  static String summary(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "no blocking findings";
    }
    String firsts = findings.stream().limit(3)
        .map(f -> f.severity() + " " + f.ruleId() + " at " + f.location())
        .collect(Collectors.joining("; "));
    return clip(findings.size() + " blocking: " + firsts + (findings.size() > 3 ? "; …" : ""), MAX_SUMMARY);
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw new IllegalArgumentException("attribute " + name + " is missing");
    }
    return value.s();
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
