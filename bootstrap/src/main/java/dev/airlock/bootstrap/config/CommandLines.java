package dev.airlock.bootstrap.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command line into arguments, without a shell. Either a JSON array of strings
 * ({@code ["eslint", "--format", "sarif"]}), or words separated by spaces where {@code '...'} keeps
 * its content exactly, {@code "..."} keeps spaces and lets a backslash escape {@code "} and
 * {@code \}, and outside quotes a backslash escapes the next character. Nothing else is special:
 * no variables, globs, pipes or redirections.
 */
public final class CommandLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CommandLines() {}

  /**
   * The arguments of {@code line}.
   *
   * @throws ConfigurationException naming {@code option} when the line is empty, a quote is left
   *     open, or the JSON array holds something other than strings
   */
  public static List<String> split(String option, String line) {
    String text = line.strip();
    List<String> arguments = text.startsWith("[") ? fromJson(option, text) : fromWords(option, text);
    if (arguments.isEmpty() || arguments.get(0).isBlank()) {
      throw ConfigurationException.badValue(option + " names no program");
    }
    return List.copyOf(arguments);
  }

  private static List<String> fromJson(String option, String text) {
    JsonNode array;
    try {
      array = JSON.readTree(text);
    } catch (JacksonException e) {
      throw ConfigurationException.badValue(option + " starts with '[' but is not a JSON array: " + e.getOriginalMessage());
    }
    List<String> arguments = new ArrayList<>();
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        throw ConfigurationException.badValue(option + " as a JSON array must hold only strings, found " + item.getNodeType());
      }
      arguments.add(item.asText());
    }
    return arguments;
  }

  private static List<String> fromWords(String option, String text) {
    List<String> arguments = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          arguments.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      throw ConfigurationException.badValue(option + " has an unclosed " + quote + " quote");
    }
    if (inWord) {
      arguments.add(word.toString());
    }
    return arguments;
  }
}
