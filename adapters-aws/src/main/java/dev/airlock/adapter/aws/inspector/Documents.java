package dev.airlock.adapter.aws.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** Converts between Jackson trees and the SDK's {@link Document}, which is how ScanSbom carries SBOMs. */
final class Documents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Documents() {}

  static Document toDocument(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Document.fromNull();
    }
    if (node.isObject()) {
      Map<String, Document> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), toDocument(e.getValue()));
      }
      return Document.fromMap(map);
    }
    if (node.isArray()) {
      List<Document> list = new ArrayList<>();
      node.forEach(n -> list.add(toDocument(n)));
      return Document.fromList(list);
    }
    if (node.isBoolean()) {
      return Document.fromBoolean(node.booleanValue());
    }
    if (node.isNumber()) {
      return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
    }
    return Document.fromString(node.asText());
  }

  static JsonNode toJson(Document document) {
    if (document == null || document.isNull()) {
      return NODES.nullNode();
    }
    if (document.isMap()) {
      ObjectNode object = NODES.objectNode();
      document.asMap().forEach((k, v) -> object.set(k, toJson(v)));
      return object;
    }
    if (document.isList()) {
      ArrayNode array = NODES.arrayNode();
      document.asList().forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (document.isBoolean()) {
      return NODES.booleanNode(document.asBoolean());
    }
    if (document.isNumber()) {
      return NODES.numberNode(document.asNumber().bigDecimalValue());
    }
    return NODES.textNode(document.asString());
  }
}
