package dev.airlock.adapter.aws.dynamodb;

import static dev.airlock.adapter.aws.dynamodb.DecisionItems.CLAIM_TOKEN;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.DECIDED_AT_MILLIS;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.KEY;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.LEASE_EXPIRES_AT;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.VERDICT;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.n;
import static dev.airlock.adapter.aws.dynamodb.DecisionItems.s;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The decision ledger in one DynamoDB table (partition key {@code decisionKey}, string), shared by
 * every run: a claim is a conditional PutItem (no item, or an undecided item whose lease has run
 * out), the decision a conditional UpdateItem (only the claim's holder, only once), a release a
 * conditional DeleteItem, and lookups are strongly consistent GetItems. The newest decision per name
 * and URL is copied to a second item ({@code latest#...}) so {@link #findLatest} is one GetItem, not
 * a Scan or an index. Re-evaluation pages through the current decisions of one verdict with Query
 * on the {@value DecisionItems#VERDICT_INDEX} global secondary index (never a Scan), and replaces a
 * decision with one TransactWriteItems that adds a history item and updates the decision only if it
 * is still the one read. A worker's note on a row is a conditional PutItem that never replaces a
 * note of higher rank, read back with GetItem. Calls: GetItem, PutItem, UpdateItem, DeleteItem, Query, TransactWriteItems;
 * the SDK retries throttling.
 */
public final class DynamoDbDecisionLedger implements DecisionLedger {
  /** The ledger's name in configuration. */
  public static final String ID = "dynamodb";
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbDecisionLedger.class);

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbDecisionLedger(DynamoDbClient client, String table) {
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("a DynamoDB table name is required");
    }
    this.client = client;
    this.table = table;
  }

  /**
   * Reads one (absent) item so a missing table, a wrong region or missing permissions stop the run
   * before any work, rather than turning every request into an ERROR.
   */
  public void checkTable() throws PortException {
    get("airlock#table-check");
  }

  @Override
  public Optional<Decision> find(DecisionKey key) throws PortException {
    Optional<Map<String, AttributeValue>> item = get(DecisionItems.decisionKey(key));
    if (item.isEmpty() || !DecisionItems.isDecided(item.get())) {
      return Optional.empty();
    }
    return Optional.of(decision(item.get(), key));
  }

  /**
   * The latest decision for the name and URL; one whose decision time cannot be read is no reason to
   * skip a download, so it counts as none (the content is then fetched and compared by hash).
   */
  @Override
  public Optional<Decision> findLatest(RequestKey key) throws PortException {
    Optional<Map<String, AttributeValue>> item = get(DecisionItems.latestKey(key));
    if (item.isEmpty() || !DecisionItems.isDecided(item.get())) {
      return Optional.empty();
    }
    DecisionItems.Read read = read(item.get(), key, Optional.empty());
    if (read.unreadable().contains(DecisionItems.DECIDED_AT)) {
      LOG.warn("{}: the latest-decision item {} has no readable {}; the archive is downloaded and compared",
          key, DecisionItems.latestKey(key), DecisionItems.DECIDED_AT);
      return Optional.empty();
    }
    warnUnreadable(item.get(), read);
    return Optional.of(read.decision());
  }

  @Override
  public ClaimResult claim(Claim claim) throws PortException {
    String key = DecisionItems.decisionKey(claim.key());
    try {
      client.putItem(b -> b.tableName(table)
          .item(DecisionItems.claimItem(claim))
          .conditionExpression("attribute_not_exists(#key) OR (attribute_not_exists(#verdict) AND #lease <= :now)")
          .expressionAttributeNames(Map.of("#key", KEY, "#verdict", VERDICT, "#lease", LEASE_EXPIRES_AT))
          .expressionAttributeValues(Map.of(":now", n(claim.claimedAt().toEpochMilli())))
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return new ClaimResult.Claimed(claim);
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> current = e.hasItem() ? e.item() : get(key).orElse(Map.of());
      if (DecisionItems.isDecided(current)) {
        return new ClaimResult.AlreadyDecided(decision(current, claim.key()));
      }
      if (DecisionItems.claimToken(current).filter(claim.token()::equals).isPresent()) {
        return new ClaimResult.Claimed(claim); // our own write, retried by the SDK after it had succeeded
      }
      return new ClaimResult.HeldElsewhere(DecisionItems.claimRunId(current), DecisionItems.leaseExpiresAt(current));
    } catch (SdkException e) {
      throw failure("claim " + claim.key(), e);
    }
  }

  @Override
  public void record(Decision decision, Claim claim) throws PortException {
    if (!decision.key().equals(claim.key())) {
      throw new IllegalArgumentException("decision " + decision.key() + " is not for the claimed " + claim.key());
    }
    String key = DecisionItems.decisionKey(claim.key());
    Map<String, AttributeValue> attributes = DecisionItems.decisionAttributes(decision);
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    StringBuilder set = new StringBuilder("SET ");
    int i = 0;
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      set.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :a").append(i);
      names.put("#a" + i, attribute.getKey());
      values.put(":a" + i, attribute.getValue());
      i++;
    }
    names.put("#token", CLAIM_TOKEN);
    names.put("#verdict", VERDICT);
    values.put(":token", s(claim.token()));
    try {
      client.updateItem(b -> b.tableName(table)
          .key(DecisionItems.keyOf(key))
          .updateExpression(set.toString())
          .conditionExpression("#token = :token AND attribute_not_exists(#verdict)")
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> current = e.hasItem() ? e.item() : get(key).orElse(Map.of());
      boolean ours = DecisionItems.claimToken(current).filter(claim.token()::equals).isPresent();
      if (!(ours && DecisionItems.isDecided(current))) { // else: our own update, retried after it had succeeded
        throw lost(claim, current);
      }
    } catch (SdkException e) {
      throw failure("record the decision on " + claim.key(), e);
    }
    recordLatest(decision);
  }

  @Override
  public void release(Claim claim) throws PortException {
    try {
      client.deleteItem(b -> b.tableName(table)
          .key(DecisionItems.keyOf(DecisionItems.decisionKey(claim.key())))
          .conditionExpression("#token = :token AND attribute_not_exists(#verdict)")
          .expressionAttributeNames(Map.of("#token", CLAIM_TOKEN, "#verdict", VERDICT))
          .expressionAttributeValues(Map.of(":token", s(claim.token()))));
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("claim on {} was no longer ours to release", claim.key());
    } catch (SdkException e) {
      throw failure("release the claim on " + claim.key(), e);
    }
  }

  @Override
  public DecisionPage list(ScanVerdict.Outcome outcome, Optional<String> pageToken, int limit) throws PortException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":verdict", s(outcome.name()));
    values.put(":prefix", s("decision#"));
    try {
      var response = client.query(b -> {
        b.tableName(table)
            .indexName(DecisionItems.VERDICT_INDEX)
            .keyConditionExpression("#verdict = :verdict AND begins_with(#key, :prefix)")
            .expressionAttributeNames(Map.of("#verdict", VERDICT, "#key", KEY))
            .expressionAttributeValues(values)
            .limit(limit);
        pageToken.ifPresent(token -> b.exclusiveStartKey(Map.of(KEY, s(token), VERDICT, s(outcome.name()))));
      });
      List<Decision> decisions = new ArrayList<>();
      for (Map<String, AttributeValue> item : response.items()) {
        if (DecisionItems.urlShortened(item)) {
          // Its URL carried user info, a query or a fragment, which are not stored: it cannot be fetched again,
          // nor its item found from a decision read back; it is left as it is.
          LOG.warn("ledger item {} in DynamoDB table {}: its request URL was stored without its query, so it is "
              + "not re-evaluated", itemKey(item), table);
          continue;
        }
        decisions.add(decision(item));
      }
      Optional<String> next = response.hasLastEvaluatedKey() && response.lastEvaluatedKey().containsKey(KEY)
          ? Optional.of(response.lastEvaluatedKey().get(KEY).s()) : Optional.empty();
      return new DecisionPage(decisions, next);
    } catch (SdkException e) {
      throw failure("list the " + outcome + " decisions (index " + DecisionItems.VERDICT_INDEX + ")", e);
    }
  }

  @Override
  public void replace(Decision current, Decision replacement) throws PortException {
    if (!current.key().equals(replacement.key())) {
      throw new IllegalArgumentException("replacement " + replacement.key() + " is not for " + current.key());
    }
    String key = DecisionItems.decisionKey(current.key());
    Map<String, AttributeValue> item = get(key).orElseThrow(() -> new ClaimLostException(
        "the decision on " + current.key() + " is gone from DynamoDB table " + table, "unknown"));
    long n = DecisionItems.historyCount(item) + 1;
    Map<String, AttributeValue> attributes = new HashMap<>(DecisionItems.decisionAttributes(replacement));
    attributes.put(DecisionItems.HISTORY_COUNT, n(n));
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    StringBuilder set = new StringBuilder("SET ");
    int i = 0;
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      set.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :a").append(i);
      names.put("#a" + i, attribute.getKey());
      values.put(":a" + i, attribute.getValue());
      i++;
    }
    List<String> removed = DecisionItems.DECISION_ATTRIBUTES.stream().filter(a -> !attributes.containsKey(a)).toList();
    StringBuilder remove = new StringBuilder();
    for (String attribute : removed) {
      remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#r").append(i);
      names.put("#r" + i, attribute);
      i++;
    }
    names.put("#verdict", VERDICT);
    names.put("#decided", DECIDED_AT_MILLIS);
    names.put("#run", DecisionItems.RUN_ID);
    names.put("#count", DecisionItems.HISTORY_COUNT);
    values.put(":oldVerdict", s(current.outcome().name()));
    values.put(":oldDecided", n(current.decidedAt().toEpochMilli()));
    values.put(":oldRun", s(current.runId()));
    values.put(":oldCount", n(n - 1));
    TransactWriteItem history = TransactWriteItem.builder().put(p -> p.tableName(table)
        .item(DecisionItems.historyItem(current, n))
        .conditionExpression("attribute_not_exists(#key)")
        .expressionAttributeNames(Map.of("#key", KEY))).build();
    TransactWriteItem update = TransactWriteItem.builder().update(u -> u.tableName(table)
        .key(DecisionItems.keyOf(key))
        .updateExpression(set.toString() + remove)
        .conditionExpression("#verdict = :oldVerdict AND #decided = :oldDecided AND #run = :oldRun"
            + " AND (attribute_not_exists(#count) OR #count = :oldCount)")
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)).build();
    try {
      // The token makes an SDK retry of a transaction that had succeeded a no-op rather than a conflict.
      String token = java.util.UUID.nameUUIDFromBytes((key + "|" + replacement.runId() + "|"
          + replacement.decidedAt()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
      client.transactWriteItems(b -> b.transactItems(history, update).clientRequestToken(token));
    } catch (TransactionCanceledException e) {
      boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
          .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code()));
      if (!conflict) {
        throw failure("replace the decision on " + current.key(), e);
      }
      Optional<Decision> now = decided(get(key));
      String by = now.map(Decision::runId).orElse("unknown");
      throw new ClaimLostException("the decision on " + current.key() + " changed since it was read (now "
          + now.map(d -> d.outcome() + " by run " + by).orElse("none") + ")", by);
    } catch (SdkException e) {
      throw failure("replace the decision on " + current.key(), e);
    }
    recordLatest(replacement);
  }

  @Override
  public List<Decision> history(DecisionKey key) throws PortException {
    Optional<Map<String, AttributeValue>> item = get(DecisionItems.decisionKey(key));
    long count = item.map(DecisionItems::historyCount).orElse(0L);
    List<Decision> decisions = new ArrayList<>();
    for (long n = 1; n <= count; n++) {
      String historyKey = DecisionItems.historyKey(key, n);
      Map<String, AttributeValue> earlier = get(historyKey).orElseThrow(() -> new PortException(
          "ledger history item " + historyKey + " is missing from DynamoDB table " + table));
      try {
        decisions.add(DecisionItems.fromHistoryItem(earlier));
      } catch (RuntimeException e) {
        throw new PortException("ledger history item " + historyKey + " in DynamoDB table " + table
            + " cannot be read: " + e.getMessage(), e);
      }
    }
    return decisions;
  }

  @Override
  public void note(RunNote note) throws PortException {
    try {
      client.putItem(b -> b.tableName(table)
          .item(DecisionItems.noteItem(note))
          .conditionExpression("attribute_not_exists(#key) OR #rank <= :rank")
          .expressionAttributeNames(Map.of("#key", KEY, "#rank", DecisionItems.NOTE_RANK))
          .expressionAttributeValues(Map.of(":rank", n(note.status().ordinal()))));
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("{}: line {} of run {} already has a higher note", note.request(), note.line(), note.runId());
    } catch (SdkException e) {
      throw failure("note line " + note.line() + " (" + note.request() + ") of run " + note.runId(), e);
    }
  }

  @Override
  public Optional<RunNote> findNote(String runId, int line, RequestKey request) throws PortException {
    String key = DecisionItems.noteKey(runId, line, request);
    Optional<Map<String, AttributeValue>> item = get(key);
    if (item.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DecisionItems.toNote(item.get(), request));
    } catch (RuntimeException e) {
      throw new PortException("ledger run note " + key + " in DynamoDB table " + table + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** Copies the decision to the name-and-URL item unless a newer one is there; only an optimisation, so never fatal. */
  private void recordLatest(Decision decision) {
    try {
      client.putItem(b -> b.tableName(table)
          .item(DecisionItems.latestItem(decision))
          .conditionExpression("attribute_not_exists(#key) OR #decided <= :decided")
          .expressionAttributeNames(Map.of("#key", KEY, "#decided", DECIDED_AT_MILLIS))
          .expressionAttributeValues(Map.of(":decided", n(decision.decidedAt().toEpochMilli()))));
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("a newer decision for {} is already the latest", decision.key().request());
    } catch (SdkException e) {
      LOG.warn("{}: the latest-decision item could not be written (the next run downloads it to compare): {}",
          decision.packageName(), e.getMessage());
    }
  }

  private Optional<Map<String, AttributeValue>> get(String key) throws PortException {
    try {
      var response = client.getItem(b -> b.tableName(table).key(DecisionItems.keyOf(key)).consistentRead(true));
      return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    } catch (SdkException e) {
      throw failure("read " + key, e);
    }
  }

  /**
   * The decision a decided item holds for exactly this content. Skipping the content is safe as long
   * as the verdict is readable: its other details are then shown as far as they can be read, with a
   * warning. An unreadable verdict is an ERROR for the request, retried by the next run.
   */
  private Decision decision(Map<String, AttributeValue> item, DecisionKey key) throws PortException {
    DecisionItems.Read read = read(item, key.request(), Optional.of(key.sha256()));
    warnUnreadable(item, read);
    return read.decision();
  }

  private DecisionItems.Read read(Map<String, AttributeValue> item, RequestKey key, Optional<Sha256> sha256)
      throws PortException {
    try {
      return DecisionItems.toDecision(item, key, sha256);
    } catch (RuntimeException e) {
      throw new PortException("ledger item " + itemKey(item) + " in DynamoDB table " + table + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** The decision an item holds, read from its own attributes (listing, re-reading after a conflict): strict. */
  private Decision decision(Map<String, AttributeValue> item) throws PortException {
    try {
      return DecisionItems.toDecision(item);
    } catch (RuntimeException e) {
      throw new PortException("ledger item " + itemKey(item) + " in DynamoDB table " + table + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  private Optional<Decision> decided(Optional<Map<String, AttributeValue>> item) throws PortException {
    return item.isPresent() && DecisionItems.isDecided(item.get()) ? Optional.of(decision(item.get()))
        : Optional.empty();
  }

  private void warnUnreadable(Map<String, AttributeValue> item, DecisionItems.Read read) {
    if (!read.unreadable().isEmpty()) {
      LOG.warn("ledger item {} in DynamoDB table {} says {}, but its {} cannot be read: treated as decided, "
          + "details unreadable", itemKey(item), table, read.decision().outcome(), String.join(", ", read.unreadable()));
    }
  }

  private static String itemKey(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(KEY)).map(AttributeValue::s).orElse("?");
  }

  private ClaimLostException lost(Claim claim, Map<String, AttributeValue> current) {
    if (DecisionItems.isDecided(current)) {
      String by = Optional.ofNullable(current.get(DecisionItems.RUN_ID)).map(AttributeValue::s).orElse("unknown");
      return new ClaimLostException(claim.key() + " was already decided by run " + by, by);
    }
    String holder = current.isEmpty() ? "unknown" : DecisionItems.claimRunId(current);
    return new ClaimLostException("the claim on " + claim.key() + " is no longer this run's (held by " + holder + ")",
        holder);
  }

  private PortException failure(String what, SdkException e) {
    if (e instanceof ResourceNotFoundException) {
      return new PortException("DynamoDB table " + table + " does not exist in this account and region"
          + " (check --dynamodb-table and AWS_REGION); cannot " + what, e);
    }
    if (e instanceof AwsServiceException service) {
      var details = service.awsErrorDetails();
      String code = details != null && details.errorCode() != null ? details.errorCode() : "error";
      String text = details != null && details.errorMessage() != null ? ": " + details.errorMessage() : "";
      String retried = service.isThrottlingException() ? " (throttled; gave up after the SDK's retries)" : "";
      return new PortException("DynamoDB table " + table + ": cannot " + what + ": " + code + " (HTTP "
          + service.statusCode() + ")" + text + retried, e);
    }
    return new PortException("DynamoDB table " + table + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
