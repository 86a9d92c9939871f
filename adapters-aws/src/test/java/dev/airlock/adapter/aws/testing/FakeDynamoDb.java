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
 * {@code NOT}, parentheses) as DynamoDB would, one request at a time. Anything else is answered with
 * a {@code ValidationException}, so a ledger that starts using more of DynamoDB fails loudly here.
 */
public final class FakeDynamoDb implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";

  private final String hashKey;
  private final Map<String, ObjectNode> items = new HashMap<>();

  /** A table whose items are identified by the string attribute {@code hashKey}. */
  public FakeDynamoDb(String hashKey) {
    this.hashKey = hashKey;
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
    ObjectNode updated = current == null ? ((ObjectNode) request.path("Key")).deepCopy() : current.deepCopy();
    String expression = request.path("UpdateExpression").asText();
    Matcher set = Pattern.compile("^\\s*SET\\s+(.*)$", Pattern.DOTALL).matcher(expression);
    if (!set.matches()) {
      throw new IllegalArgumentException("the fake table supports only SET updates, not: " + expression);
    }
    for (String assignment : set.group(1).split(",")) {
      String[] sides = assignment.split("=", 2);
      if (sides.length != 2) {
        throw new IllegalArgumentException("cannot read the assignment: " + assignment);
      }
      updated.set(name(request, sides[0].strip()), value(request, sides[1].strip()));
    }
    items.put(key, updated);
    return ok(JSON.createObjectNode());
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
