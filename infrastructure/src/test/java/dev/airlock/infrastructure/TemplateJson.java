package dev.airlock.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a synthesised template (as {@code Template.toJSON()} returns it) the way the assertions
 * need it: resources by type, every IAM policy statement wherever it sits, and CloudFormation
 * values rendered as text so that a {@code Fn::Join} can be compared with a string.
 */
final class TemplateJson {

  private final Map<String, Object> resources;
  private final Map<String, Object> outputs;

  @SuppressWarnings("unchecked")
  TemplateJson(Map<String, Object> template) {
    this.resources = (Map<String, Object>) template.get("Resources");
    this.outputs = (Map<String, Object>) template.getOrDefault("Outputs", Map.of());
  }

  /** A policy statement and the logical id of the resource that holds it. */
  record Statement(String resourceId, Map<String, Object> body) {

    String effect() {
      return String.valueOf(body.get("Effect"));
    }

    List<String> actions() {
      return strings(body.get("Action"));
    }

    List<Object> resources() {
      Object resource = body.get("Resource");
      return resource == null ? List.of() : resource instanceof List<?> list ? List.copyOf(list) : List.of(resource);
    }

    List<String> renderedResources() {
      return resources().stream().map(TemplateJson::render).toList();
    }
  }

  /** The logical id of every resource in the template. */
  Set<String> logicalIds() {
    return resources.keySet();
  }

  /** Logical ids and properties of every resource of a type, in template order. */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    resources.forEach((id, resource) -> {
      Map<String, Object> body = (Map<String, Object>) resource;
      if (type.equals(body.get("Type"))) {
        found.put(id, (Map<String, Object>) body.getOrDefault("Properties", Map.of()));
      }
    });
    return found;
  }

  /** The one resource of a type; fails when there are none or several. */
  Map.Entry<String, Map<String, Object>> single(String type) {
    Map<String, Map<String, Object>> found = ofType(type);
    assertThat(found).as("resources of type %s", type).hasSize(1);
    return found.entrySet().iterator().next();
  }

  /** The logical id of the one resource of a type whose property has the given value. */
  String idOf(String type, String property, Object value) {
    List<String> ids = ofType(type).entrySet().stream()
        .filter(e -> value.equals(e.getValue().get(property)))
        .map(Map.Entry::getKey)
        .toList();
    assertThat(ids).as("%s with %s = %s", type, property, value).hasSize(1);
    return ids.getFirst();
  }

  /** Every policy statement in the template: role policies, bucket, topic and key policies, trust policies. */
  List<Statement> statements() {
    List<Statement> statements = new ArrayList<>();
    resources.forEach((id, resource) -> collect(id, resource, statements));
    return statements;
  }

  /** Statements of the inline policies of one role (not its trust policy). */
  @SuppressWarnings("unchecked")
  List<Statement> roleStatements(String roleId) {
    Map<String, Object> role = ofType("AWS::IAM::Role").get(roleId);
    assertThat(role).as("role %s", roleId).isNotNull();
    List<Statement> statements = new ArrayList<>();
    for (Object policy : (List<Object>) role.getOrDefault("Policies", List.of())) {
      collect(roleId, ((Map<String, Object>) policy).get("PolicyDocument"), statements);
    }
    return statements;
  }

  /** Statements of one customer-managed policy. */
  List<Statement> managedPolicyStatements(String policyId) {
    Map<String, Object> policy = ofType("AWS::IAM::ManagedPolicy").get(policyId);
    assertThat(policy).as("managed policy %s", policyId).isNotNull();
    List<Statement> statements = new ArrayList<>();
    collect(policyId, policy.get("PolicyDocument"), statements);
    return statements;
  }

  /** The stack outputs, by name, with their values rendered. */
  @SuppressWarnings("unchecked")
  Map<String, String> outputs() {
    Map<String, String> values = new LinkedHashMap<>();
    outputs.forEach((name, output) -> values.put(name, render(((Map<String, Object>) output).get("Value"))));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static void collect(String resourceId, Object node, List<Statement> into) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        if ("Statement".equals(key) && value instanceof List<?> list) {
          list.forEach(statement -> into.add(new Statement(resourceId, (Map<String, Object>) statement)));
        } else {
          collect(resourceId, value, into);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collect(resourceId, item, into));
    }
  }

  /**
   * A CloudFormation value as text: strings as they are, {@code Fn::Join} joined, {@code Ref} as
   * {@code ${Ref:Id}} and {@code Fn::GetAtt} as {@code ${Id.Attribute}}.
   */
  @SuppressWarnings("unchecked")
  static String render(Object value) {
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      Map.Entry<?, ?> only = map.entrySet().iterator().next();
      switch (String.valueOf(only.getKey())) {
        case "Ref":
          return "${Ref:" + only.getValue() + "}";
        case "Fn::GetAtt":
          List<Object> target = (List<Object>) only.getValue();
          return "${" + target.get(0) + "." + target.get(1) + "}";
        case "Fn::Join":
          List<Object> join = (List<Object>) only.getValue();
          return ((List<Object>) join.get(1)).stream().map(TemplateJson::render)
              .collect(Collectors.joining(String.valueOf(join.get(0))));
        default:
          break;
      }
    }
    return String.valueOf(value);
  }

  /** The value at a path of map keys and list indexes, or null when the path leads nowhere. */
  static Object at(Object root, Object... path) {
    Object node = root;
    for (Object step : path) {
      if (step instanceof Integer index && node instanceof List<?> list && index < list.size()) {
        node = list.get(index);
      } else if (step instanceof String key && node instanceof Map<?, ?> map) {
        node = map.get(key);
      } else {
        return null;
      }
    }
    return node;
  }

  /** A CodeBuild project's environment variables, by name, with their values rendered. */
  @SuppressWarnings("unchecked")
  static Map<String, String> buildEnvironment(Map<String, Object> project) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Object variable : (List<Object>) at(project, "Environment", "EnvironmentVariables")) {
      Map<String, Object> v = (Map<String, Object>) variable;
      assertThat(variables.put((String) v.get("Name"), render(v.get("Value")))).as("duplicate %s", v.get("Name"))
          .isNull();
    }
    return variables;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
  }
}
