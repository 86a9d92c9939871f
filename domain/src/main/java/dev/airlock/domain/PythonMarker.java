package dev.airlock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A PEP 508 environment marker ({@code python_version < "3.12" and sys_platform == "win32"}), evaluated for a target. */
public final class PythonMarker {
  private static final Set<String> VERSION_VARIABLES =
      Set.of("python_version", "python_full_version", "implementation_version");
  private static final Set<String> VARIABLES = Set.of("python_version", "python_full_version", "os_name",
      "sys_platform", "platform_release", "platform_system", "platform_version", "platform_machine",
      "platform_python_implementation", "implementation_name", "implementation_version", "extra", "os.name",
      "sys.platform", "platform.version", "platform.machine", "platform.python_implementation");

  private sealed interface Node permits Or, And, Compare {}

  private record Or(List<Node> parts) implements Node {}

  private record And(List<Node> parts) implements Node {}

  /** {@code left op right}; each side a variable name (variable true) or a literal. */
  private record Compare(String left, boolean leftVariable, String op, String right, boolean rightVariable)
      implements Node {}

  private final String text;
  private final Node root;

  private PythonMarker(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** Parses a marker. @throws IllegalArgumentException naming what is wrong and where */
  public static PythonMarker parse(String text) {
    Parser p = new Parser(text);
    Node root = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw new IllegalArgumentException("marker '" + text.strip() + "': unexpected text at character " + (p.pos + 1));
    }
    return new PythonMarker(text.strip(), root);
  }

  /** Whether the marker holds in {@code environment} (variable name to value). */
  public boolean evaluate(Map<String, String> environment) {
    return eval(root, environment);
  }

  private static boolean eval(Node node, Map<String, String> env) {
    return switch (node) {
      case Or or -> or.parts().stream().anyMatch(n -> eval(n, env));
      case And and -> and.parts().stream().allMatch(n -> eval(n, env));
      case Compare c -> compare(c, env);
    };
  }

  private static boolean compare(Compare c, Map<String, String> env) {
    String left = c.leftVariable() ? env.getOrDefault(canonical(c.left()), "") : c.left();
    String right = c.rightVariable() ? env.getOrDefault(canonical(c.right()), "") : c.right();
    boolean extra = (c.leftVariable() && canonical(c.left()).equals("extra"))
        || (c.rightVariable() && canonical(c.right()).equals("extra"));
    if (extra) {
      left = PackageNames.normalise(left);
      right = PackageNames.normalise(right);
    }
    String op = c.op();
    switch (op) {
      case "in" -> {
        return right.contains(left);
      }
      case "not in" -> {
        return !right.contains(left);
      }
      default -> { }
    }
    boolean versions = (c.leftVariable() && VERSION_VARIABLES.contains(canonical(c.left())))
        || (c.rightVariable() && VERSION_VARIABLES.contains(canonical(c.right())));
    if (versions && PythonVersions.isValid(left)) {
      try {
        return PythonSpecifier.parse(op + right).contains(left);
      } catch (IllegalArgumentException notAVersion) {
        // fall through to string comparison, as packaging does
      }
    }
    return switch (op) {
      case "==", "===" -> left.equals(right);
      case "!=" -> !left.equals(right);
      case "<" -> left.compareTo(right) < 0;
      case "<=" -> left.compareTo(right) <= 0;
      case ">" -> left.compareTo(right) > 0;
      case ">=" -> left.compareTo(right) >= 0;
      default -> false;
    };
  }

  private static String canonical(String variable) {
    return variable.replace('.', '_');
  }

  @Override
  public String toString() {
    return text;
  }

  /** Recursive descent over the PEP 508 marker grammar. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Node or() {
      List<Node> parts = new ArrayList<>(List.of(and()));
      while (keyword("or")) {
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    Node and() {
      List<Node> parts = new ArrayList<>(List.of(atom()));
      while (keyword("and")) {
        parts.add(atom());
      }
      return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    Node atom() {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '(') {
        pos++;
        Node inner = or();
        skipSpace();
        expect(')');
        return inner;
      }
      String[] left = value();
      String op = operator();
      String[] right = value();
      return new Compare(left[0], left[1] != null, op, right[0], right[1] != null);
    }

    /** A literal ({@code [text, null]}) or a variable ({@code [name, "var"]}). */
    String[] value() {
      skipSpace();
      if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
        char q = s.charAt(pos);
        int end = s.indexOf(q, pos + 1);
        if (end < 0) {
          throw error("unclosed quote");
        }
        String literal = s.substring(pos + 1, end);
        pos = end + 1;
        return new String[] {literal, null};
      }
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
          || s.charAt(pos) == '.')) {
        pos++;
      }
      String name = s.substring(start, pos);
      if (!VARIABLES.contains(name)) {
        pos = start;
        throw error(name.isEmpty() ? "expected a variable or a quoted string" : "unknown variable '" + name + "'");
      }
      return new String[] {name, "var"};
    }

    String operator() {
      skipSpace();
      for (String op : List.of("===", "==", "!=", "<=", ">=", "~=", "<", ">")) {
        if (s.startsWith(op, pos)) {
          pos += op.length();
          return op;
        }
      }
      if (keyword("in")) {
        return "in";
      }
      int save = pos;
      if (keyword("not") && keyword("in")) {
        return "not in";
      }
      pos = save;
      throw error("expected a comparison operator");
    }

    boolean keyword(String word) {
      skipSpace();
      if (s.startsWith(word, pos) && (pos + word.length() == s.length()
          || !Character.isLetterOrDigit(s.charAt(pos + word.length())))) {
        pos += word.length();
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("marker '" + s.strip() + "': " + what + " at character " + (pos + 1));
    }
  }
}
