package dev.airlock.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads a policy file (YAML, or JSON, which YAML includes):
 *
 * <pre>
 * threshold: MEDIUM
 * waivers:
 *   - package: requests
 *     rule: AIRLOCK-AWS-ACCESS-KEY
 *     justification: test fixture key, revoked (SEC-1234)
 *     expires: 2027-03-31
 * </pre>
 */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private PolicyFiles() {}

  record WaiverDoc(@JsonProperty("package") String packageName, String rule, String justification,
      LocalDate expires) {}

  record PolicyDoc(String threshold, List<WaiverDoc> waivers) {}

  /**
   * The policy the file describes.
   *
   * @throws ConfigurationException naming the file and the field when it is not a valid policy
   */
  public static SeverityPolicy load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("policy file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException("policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * The policy {@code bytes} describe (a policy file read from elsewhere: a pull request's commit, say).
   *
   * @param file names the file in messages ({@code requests/airlock-policy.yaml at 1a2b3c4d5e6f})
   * @throws ConfigurationException naming {@code file} and the field when it is not a valid policy
   */
  public static SeverityPolicy parse(byte[] bytes, String file) {
    PolicyDoc doc;
    try {
      checkKeys(file, bytes);
      doc = YAML.readValue(bytes, PolicyDoc.class);
    } catch (MismatchedInputException e) {
      throw new ConfigurationException("policy file " + file + location(e) + ": " + path(e) + " must be "
          + expected(e.getTargetType()));
    } catch (JacksonException e) {
      throw new ConfigurationException("policy file " + file + location(e) + ": not valid YAML or JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigurationException("policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (doc == null) {
      throw new ConfigurationException("policy file " + file + " is empty");
    }
    var policy = SeverityPolicy.builder();
    if (doc.threshold() != null) {
      try {
        policy.threshold(Severity.parse(doc.threshold()));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("policy file " + file + ": threshold: " + e.getMessage());
      }
    }
    List<WaiverDoc> waivers = doc.waivers() == null ? List.of() : doc.waivers();
    for (int i = 0; i < waivers.size(); i++) {
      WaiverDoc w = waivers.get(i);
      String where = "policy file " + file + ": waiver " + (i + 1);
      if (w == null || w.packageName() == null || w.rule() == null || w.justification() == null || w.expires() == null) {
        throw new ConfigurationException(where + " needs package, rule, justification and expires (YYYY-MM-DD)");
      }
      try {
        policy.addWaivers(Waiver.builder().packageName(w.packageName()).ruleId(w.rule())
            .justification(w.justification()).expires(w.expires()).build());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(where + ": " + e.getMessage());
      }
    }
    return policy.build();
  }

  private static final List<String> POLICY_KEYS = List.of("threshold", "waivers");
  private static final List<String> WAIVER_KEYS = List.of("package", "rule", "justification", "expires");

  /**
   * Walks the file's tokens before binding it, so a misspelt key or a bad date is reported at its own
   * line and column, with the keys that are valid there (binding alone reports the end of the object
   * and quotes Java names).
   */
  private static void checkKeys(String file, byte[] bytes) throws IOException {
    try (JsonParser parser = YAML.getFactory().createParser(bytes)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return; // empty: reported as such after binding
      }
      if (token != JsonToken.START_OBJECT) {
        throw new ConfigurationException(at(file, parser) + "expected the keys " + String.join(", ", POLICY_KEYS)
            + ", found " + describe(token));
      }
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        checkKey(file, parser, key, POLICY_KEYS, "");
        token = parser.nextToken();
        if (key.equals("waivers") && token == JsonToken.START_ARRAY) {
          checkWaivers(file, parser);
        } else {
          parser.skipChildren();
        }
      }
    }
  }

  private static void checkWaivers(String file, JsonParser parser) throws IOException {
    int index = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      index++;
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue; // binding says what a waiver needs
      }
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        checkKey(file, parser, key, WAIVER_KEYS, " in waiver " + index);
        token = parser.nextToken();
        if (key.equals("expires") && token == JsonToken.VALUE_STRING) {
          String text = parser.getText();
          try {
            LocalDate.parse(text.strip());
          } catch (DateTimeParseException e) {
            throw new ConfigurationException(at(file, parser) + "waiver " + index + ": expires '" + text
                + "' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31");
          }
        }
        parser.skipChildren();
      }
    }
  }

  private static void checkKey(String file, JsonParser parser, String key, List<String> valid, String where) {
    if (!valid.contains(key)) {
      String hint = Suggestions.didYouMean(key, valid);
      throw new ConfigurationException(at(file, parser) + "unknown key '" + key + "'" + where
          + (hint.isEmpty() ? "" : "; " + hint) + " (valid keys" + (where.isEmpty() ? "" : " in a waiver") + ": "
          + String.join(", ", valid) + ")");
    }
  }

  /** "policy file F, line 3, column 5: " for the token just read. */
  private static String at(String file, JsonParser parser) {
    JsonLocation location = parser.currentTokenLocation();
    return "policy file " + file + ", line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a text";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      default -> token.asString() == null ? token.name().toLowerCase(java.util.Locale.ROOT) : "'" + token.asString() + "'";
    };
  }

  private static String location(JacksonException e) {
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1 ? ""
        : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** "waivers[2].rule", from the binding's path. */
  private static String path(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex() + 1).append(']');
      }
    }
    return path.length() == 0 ? "the file" : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "something else";
    }
    if (type == String.class) {
      return "a text";
    }
    if (type == LocalDate.class) {
      return "a date (YYYY-MM-DD)";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping of keys to values";
  }
}
