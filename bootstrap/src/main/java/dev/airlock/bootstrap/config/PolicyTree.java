package dev.airlock.bootstrap.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy file (YAML, or JSON, which YAML includes) read into a tree that keeps the line and column
 * of every key and value, so each mistake is reported where it is rather than where binding stops.
 */
final class PolicyTree {
  private static final YAMLFactory YAML = new YAMLFactory();

  private PolicyTree() {}

  /** A 1-based line and column in the file. */
  record Location(int line, int column) {
    static Location of(JsonLocation location) {
      return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
  }

  /** A value of the file and where it starts. */
  sealed interface Node permits Scalar, Mapping, Sequence {
    Location at();

    /** "a text", "a list", ... as messages name what was found. */
    String describe();
  }

  /** A text, number, true/false or null, with its text as written. */
  record Scalar(String text, JsonToken token, Location at) implements Node {
    boolean isText() {
      return token == JsonToken.VALUE_STRING;
    }

    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }

    @Override
    public String describe() {
      return switch (token) {
        case VALUE_STRING -> "the text '" + text + "'";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text;
        case VALUE_TRUE, VALUE_FALSE -> text;
        default -> "nothing";
      };
    }
  }

  /** One key of a mapping: where the key is, and its value. */
  record Entry(String key, Location keyAt, Node value) {}

  /** Keys and their values, in file order. */
  record Mapping(Map<String, Entry> entries, Location at) implements Node {
    @Override
    public String describe() {
      return "a mapping of keys to values";
    }
  }

  /** A list of values. */
  record Sequence(List<Node> items, Location at) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A problem found while reading, at a place in the file. */
  record Problem(Location at, String message) {}

  /** The tree, and the duplicate keys met on the way (later values of a duplicate are dropped). */
  record Read(Node root, List<Problem> problems) {}

  /**
   * Reads {@code bytes}; empty when the file holds nothing.
   *
   * @throws SyntaxError when the bytes are not YAML or JSON, at the place the parser stopped
   */
  static java.util.Optional<Read> read(byte[] bytes) throws IOException {
    try (JsonParser parser = YAML.createParser(bytes)) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw SyntaxError.of(e);
      }
      if (token == null) {
        return java.util.Optional.empty();
      }
      List<Problem> problems = new ArrayList<>();
      try {
        Node root = node(parser, token, problems);
        return java.util.Optional.of(new Read(root, problems));
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw SyntaxError.of(e);
      }
    }
  }

  private static Node node(JsonParser parser, JsonToken token, List<Problem> problems) throws IOException {
    Location at = Location.of(parser.currentTokenLocation());
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Location keyAt = Location.of(parser.currentTokenLocation());
          Node value = node(parser, parser.nextToken(), problems);
          if (entries.containsKey(key)) {
            problems.add(new Problem(keyAt, "'" + key + "' is given twice (first at line "
                + entries.get(key).keyAt().line() + "); give it once"));
          } else {
            entries.put(key, new Entry(key, keyAt, value));
          }
        }
        yield new Mapping(entries, at);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY && next != null) {
          items.add(node(parser, next, problems));
        }
        yield new Sequence(items, at);
      }
      default -> new Scalar(token == JsonToken.VALUE_NULL ? "" : parser.getText(), token, at);
    };
  }

  /** The file is not YAML or JSON at all; reading stopped at {@link #at()}. */
  static final class SyntaxError extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Location at;

    private SyntaxError(Location at, String message) {
      super(message);
      this.at = at;
    }

    static SyntaxError of(com.fasterxml.jackson.core.JacksonException e) {
      JsonLocation location = e.getLocation();
      Location at = location == null ? new Location(1, 1) : Location.of(location);
      String raw = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
      // SnakeYAML's message quotes the source with a caret under each place it names ("in 'reader',
      // line 3, column 1:"); keep its own sentences and the last place, which is where it gave up.
      java.util.regex.Matcher mark = java.util.regex.Pattern.compile("in '[^']*', line (\\d+), column (\\d+):")
          .matcher(raw);
      while (mark.find()) {
        at = new Location(Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2)));
      }
      String message = raw.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
          .map(String::strip).collect(java.util.stream.Collectors.joining(": "));
      message = message.replaceAll("\\s*\\(?(?:class|for type) [a-z]+(?:\\.[A-Za-z0-9_$]+)+\\)?", "").strip();
      return new SyntaxError(at, message.isEmpty() ? "unreadable" : message);
    }

    Location at() {
      return at;
    }
  }
}
