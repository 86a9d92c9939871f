package dev.airlock.adapter.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DynamoDB table kept in memory behind WireMock, for contract tests that need a table with state
 * rather than scripted replies: GetItem, PutItem, UpdateItem ({@code SET} only) and DeleteItem on a
 * table with one string hash key, each conditional write judged by its {@code ConditionExpression}
 * ({@code attribute_exists}, {@code attribute_not_exists}, {@code = <> < <= > >=}, {@code AND}, {@code OR},
 * {@code NOT}, parentheses) as DynamoDB would, one request at a time. TransactWriteItems of Puts and
 * Updates apply all or nothing (a failed condition cancels the transaction); Updates may
 * {@code SET} and {@code REMOVE}. Query reads one global secondary index given to the constructor
 * (sparse: only items with its hash attribute), by hash-key equality and an optional
 * {@code begins_with} on its range key, in range-key order, with {@code Limit} and
 * {@code ExclusiveStartKey}. Anything else is answered with a {@code ValidationException}, so a
 * ledger that starts using more of DynamoDB fails loudly here.
 */
public final class FakeDynamoDb implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";

  private final String hashKey;
  private final Map<String, ObjectNode> items = new HashMap<>();
  private final String indexName;
  private final String indexHash;
  private final String indexRange;

  /** A table whose items are identified by the string attribute {@code hashKey}, with no index. */
  public FakeDynamoDb(String hashKey) {
    this(hashKey, null, null, null);
  }

  /** A table with one global secondary index {@code indexName} on string attributes {@code indexHash}, {@code indexRange}. */
  public FakeDynamoDb(String hashKey, String indexName, String indexHash, String indexRange) {
    this.hashKey = hashKey;
    this.indexName = indexName;
    this.indexHash = indexHash;
    this.indexRange = indexRange;
  }

  /** Empties the table. */
  public synchronized void clear() {
    items.clear();
  }

  @Override
  public String getName() {
    return "fake-dynamodb";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    String target = serveEvent.getRequest().getHeader("X-Amz-Target");
    try {
      JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
      String operation = target == null ? "" : target.replace(TARGET_PREFIX, "");
      return switch (operation) {
        case "GetItem" -> getItem(request);
        case "PutItem" -> putItem(request);
        case "UpdateItem" -> updateItem(request);
        case "DeleteItem" -> deleteItem(request);
        case "Query" -> query(request);
        case "TransactWriteItems" -> transactWriteItems(request);
        default -> error("ValidationException", "the fake table does not support " + target);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      return error("ValidationException", e.getMessage());
    }
  }

  private ResponseDefinition getItem(JsonNode request) {
    ObjectNode item = items.get(keyOf(request.path("Key")));
    ObjectNode response = JSON.createObjectNode();
    if (item != null) {
      response.set("Item", item.deepCopy());
    }
    return ok(response);
  }

  private ResponseDefinition putItem(JsonNode request) {
    ObjectNode item = (ObjectNode) request.path("Item");
    String key = keyOf(item);
    ObjectNode current = items.get(key);
    if (!holds(request, current)) {
      return conditionFailed(request, current);
    }
    items.put(key, item.deepCopy());
    return ok(JSON.createObjectNode());
  }

  private ResponseDefinition updateItem(JsonNode request) {
    String key = keyOf(request.path("Key"));
    ObjectNode current = items.get(key);
    if (!holds(request, current)) {
      return conditionFailed(request, current);
    }
    items.put(key, updated(request, current));
    return ok(JSON.createObjectNode());
  }

  /** The item an UpdateItem makes of {@code current}: its SET assignments, then its REMOVEs. */
  private static ObjectNode updated(JsonNode request, ObjectNode current) {
    ObjectNode updated = current == null ? ((ObjectNode) request.path("Key")).deepCopy() : current.deepCopy();
    String expression = request.path("UpdateExpression").asText();
    Matcher clauses = Pattern.compile("^\\s*SET\\s+(.*?)(?:\\s+REMOVE\\s+(.*))?$", Pattern.DOTALL)
        .matcher(expression);
    if (!clauses.matches()) {
      throw new IllegalArgumentException("the fake table supports only SET [REMOVE] updates, not: " + expression);
    }
    for (String assignment : clauses.group(1).split(",")) {
      String[] sides = assignment.split("=", 2);
      if (sides.length != 2) {
        throw new IllegalArgumentException("cannot read the assignment: " + assignment);
      }
      updated.set(name(request, sides[0].strip()), value(request, sides[1].strip()));
    }
    if (clauses.group(2) != null) {
      for (String removed : clauses.group(2).split(",")) {
        updated.remove(name(request, removed.strip()));
      }
    }
    return updated;
  }

  /** Every Put and Update, or none: each condition is judged on the table as it was before the transaction. */
  private ResponseDefinition transactWriteItems(JsonNode request) {
    List<String> reasons = new ArrayList<>();
    boolean failed = false;
    for (JsonNode item : request.path("TransactItems")) {
      JsonNode write = item.has("Put") ? item.path("Put") : item.path("Update");
      if (!item.has("Put") && !item.has("Update")) {
        throw new IllegalArgumentException("the fake table's transactions hold only Put and Update");
      }
      ObjectNode current = items.get(keyOf(item.has("Put") ? write.path("Item") : write.path("Key")));
      boolean holds = holds(write, current);
      reasons.add(holds ? "None" : "ConditionalCheckFailed");
      failed |= !holds;
    }
    if (failed) {
      ObjectNode body = JSON.createObjectNode()
          .put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException")
          .put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
              + reasons);
      var array = body.putArray("CancellationReasons");
      reasons.forEach(code -> array.addObject().put("Code", code));
      return new ResponseDefinitionBuilder().withStatus(400)
          .withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body.toString()).build();
    }
    for (JsonNode item : request.path("TransactItems")) {
      if (item.has("Put")) {
        ObjectNode put = (ObjectNode) item.path("Put").path("Item");
        items.put(keyOf(put), put.deepCopy());
      } else {
        JsonNode update = item.path("Update");
        String key = keyOf(update.path("Key"));
        items.put(key, updated(update, items.get(key)));
      }
    }
    return ok(JSON.createObjectNode());
  }

  /** One page of the index: items with its hash value, in range-key order, after the start key. */
  private ResponseDefinition query(JsonNode request) {
    if (indexName == null || !indexName.equals(request.path("IndexName").asText())) {
      throw new IllegalArgumentException("the fake table queries only its index " + indexName);
    }
    Matcher condition = Pattern.compile("^\\s*(#\\w+)\\s*=\\s*(:\\w+)"
        + "(?:\\s+AND\\s+begins_with\\(\\s*(#\\w+)\\s*,\\s*(:\\w+)\\s*\\))?\\s*$")
        .matcher(request.path("KeyConditionExpression").asText());
    if (!condition.matches() || !name(request, condition.group(1)).equals(indexHash)
        || (condition.group(3) != null && !name(request, condition.group(3)).equals(indexRange))) {
      throw new IllegalArgumentException("the fake table reads only '" + indexHash + " = v [AND begins_with("
          + indexRange + ", p)]'");
    }
    String hash = value(request, condition.group(2)).path("S").asText();
    String prefix = condition.group(4) == null ? "" : value(request, condition.group(4)).path("S").asText();
    String after = request.path("ExclusiveStartKey").path(indexRange).path("S").asText(null);
    int limit = request.path("Limit").asInt(Integer.MAX_VALUE);
    List<ObjectNode> matching = items.values().stream()
        .filter(item -> hash.equals(item.path(indexHash).path("S").asText(null)))
        .filter(item -> item.path(indexRange).path("S").asText("").startsWith(prefix))
        .filter(item -> after == null || item.path(indexRange).path("S").asText().compareTo(after) > 0)
        .sorted(java.util.Comparator.comparing(item -> item.path(indexRange).path("S").asText()))
        .toList();
    List<ObjectNode> page = matching.subList(0, Math.min(limit, matching.size()));
    ObjectNode response = JSON.createObjectNode();
    var array = response.putArray("Items");
    page.forEach(item -> array.add(item.deepCopy()));
    response.put("Count", page.size());
    if (page.size() == limit && !page.isEmpty()) {
      ObjectNode last = page.get(page.size() - 1);
      ObjectNode lastKey = response.putObject("LastEvaluatedKey");
      lastKey.set(hashKey, last.path(hashKey).deepCopy());
      lastKey.set(indexHash, last.path(indexHash).deepCopy());
      lastKey.set(indexRange, last.path(indexRange).deepCopy());
    }
    return ok(response);
  }

  private ResponseDefinition deleteItem(JsonNode request) {
    String key = keyOf(request.path("Key"));
    ObjectNode current = items.get(key);
    if (!holds(request, current)) {
      return conditionFailed(request, current);
    }
    items.remove(key);
    return ok(JSON.createObjectNode());
  }

  private String keyOf(JsonNode item) {
    JsonNode key = item.path(hashKey).path("S");
    if (!key.isTextual()) {
      throw new IllegalArgumentException("the item has no string " + hashKey);
    }
    return key.asText();
  }

  /** True when the request has no condition, or its condition holds on {@code current} (null: no item). */
  private static boolean holds(JsonNode request, ObjectNode current) {
    String condition = request.path("ConditionExpression").asText("");
    if (condition.isBlank()) {
      return true;
    }
    Condition parser = new Condition(request, current == null ? JSON.createObjectNode() : current, condition);
    boolean result = parser.or();
    parser.expectEnd();
    return result;
  }

  private static String name(JsonNode request, String placeholder) {
    if (!placeholder.startsWith("#")) {
      return placeholder;
    }
    JsonNode name = request.path("ExpressionAttributeNames").path(placeholder);
    if (!name.isTextual()) {
      throw new IllegalArgumentException("no ExpressionAttributeNames entry for " + placeholder);
    }
    return name.asText();
  }

  private static JsonNode value(JsonNode request, String placeholder) {
    JsonNode value = request.path("ExpressionAttributeValues").path(placeholder);
    if (value.isMissingNode()) {
      throw new IllegalArgumentException("no ExpressionAttributeValues entry for " + placeholder);
    }
    return value;
  }

  private static ResponseDefinition ok(JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody(body.toString())
        .build();
  }

  private static ResponseDefinition conditionFailed(JsonNode request, ObjectNode current) {
    ObjectNode body = JSON.createObjectNode()
        .put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
        .put("message", "The conditional request failed");
    if (current != null && request.path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD")) {
      body.set("Item", current.deepCopy());
    }
    return new ResponseDefinitionBuilder().withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody(body.toString())
        .build();
  }

  private static ResponseDefinition error(String type, String message) {
    return new ResponseDefinitionBuilder().withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody(JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#" + type)
            .put("message", message).toString())
        .build();
  }

  /** A recursive-descent reading of one condition expression, evaluated as it is read. */
  private static final class Condition {
    private static final Pattern TOKEN = Pattern.compile(
        "\\s*(attribute_not_exists|attribute_exists|AND|OR|NOT|<>|<=|>=|[=<>(),]|[#:][A-Za-z0-9_]+)");

    private final JsonNode request;
    private final ObjectNode item;
    private final List<String> tokens = new ArrayList<>();
    private int next;

    Condition(JsonNode request, ObjectNode item, String expression) {
      this.request = request;
      this.item = item;
      Matcher m = TOKEN.matcher(expression);
      int at = 0;
      while (at < expression.length()) {
        if (!m.find(at) || m.start() != at) {
          if (expression.substring(at).isBlank()) {
            break;
          }
          throw new IllegalArgumentException("cannot read the condition at: " + expression.substring(at));
        }
        tokens.add(m.group(1));
        at = m.end();
      }
    }

    boolean or() {
      boolean result = and();
      while (accept("OR")) {
        result = and() || result;
      }
      return result;
    }

    private boolean and() {
      boolean result = not();
      while (accept("AND")) {
        result = not() && result;
      }
      return result;
    }

    private boolean not() {
      if (accept("NOT")) {
        return !not();
      }
      return primary();
    }

    private boolean primary() {
      if (accept("(")) {
        boolean result = or();
        expect(")");
        return result;
      }
      if (accept("attribute_exists") || accept("attribute_not_exists")) {
        boolean exists = tokens.get(next - 1).equals("attribute_exists");
        expect("(");
        boolean present = item.has(name(request, take()));
        expect(")");
        return exists == present;
      }
      JsonNode left = operand(take());
      String operator = take();
      JsonNode right = operand(take());
      return compare(left, operator, right);
    }

    private JsonNode operand(String token) {
      return token.startsWith(":") ? value(request, token) : item.path(name(request, token));
    }

    private static boolean compare(JsonNode left, String operator, JsonNode right) {
      if (left.isMissingNode() || right.isMissingNode()) {
        return operator.equals("<>");
      }
      Integer order = order(left, right);
      return switch (operator) {
        case "=" -> left.equals(right);
        case "<>" -> !left.equals(right);
        case "<" -> order != null && order < 0;
        case "<=" -> order != null && order <= 0;
        case ">" -> order != null && order > 0;
        case ">=" -> order != null && order >= 0;
        default -> throw new IllegalArgumentException("unknown comparison " + operator);
      };
    }

    /** Numbers by value, strings by their characters; other pairs have no order. */
    private static Integer order(JsonNode left, JsonNode right) {
      if (left.has("N") && right.has("N")) {
        return new BigDecimal(left.get("N").asText()).compareTo(new BigDecimal(right.get("N").asText()));
      }
      if (left.has("S") && right.has("S")) {
        return left.get("S").asText().compareTo(right.get("S").asText());
      }
      return null;
    }

    private boolean accept(String token) {
      if (next < tokens.size() && tokens.get(next).equals(token)) {
        next++;
        return true;
      }
      return false;
    }

    private void expect(String token) {
      if (!accept(token)) {
        throw new IllegalArgumentException("expected " + token + " in the condition at token " + next);
      }
    }

    private String take() {
      if (next >= tokens.size()) {
        throw new IllegalArgumentException("the condition ends too early");
      }
      return tokens.get(next++);
    }

    void expectEnd() {
      if (next != tokens.size()) {
        throw new IllegalArgumentException("unexpected " + tokens.get(next) + " in the condition");
      }
    }
  }
}
