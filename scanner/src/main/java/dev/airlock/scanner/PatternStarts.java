package dev.airlock.scanner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The literals one of which starts every match of a pattern, read from the pattern's text: for
 * {@code \b(?:exec|eval)\s*\(} they are {@code exec} and {@code eval}, because a match can begin
 * only where one of them is written. The scanner then tries the pattern only at those offsets
 * instead of at every character, and skips it where none occurs; what it matches does not change.
 *
 * <p>Reading is conservative: leading zero-width parts ({@code \b}, {@code ^}, look-arounds) are
 * passed over; literal characters, small character classes of literal characters and groups of
 * alternatives are followed as far as a match must contain them; anything else ends the literal.
 * A pattern whose literals cannot be told (one alternative begins with {@code \w}, say), or would
 * be shorter than two characters, has none, and is searched everywhere as before. A leading
 * {@code (?i)} makes the literals match ignoring ASCII case, as Java's own {@code (?i)} does
 * without {@code (?u)}.
 *
 * @param literals what a match starts with, lower-cased when {@code ignoreCase}
 * @param ignoreCase whether to compare ignoring ASCII case
 */
record PatternStarts(List<String> literals, boolean ignoreCase) {
  /** Most literals kept for one pattern; more would cost more to look for than they save. */
  static final int MAX_LITERALS = 24;
  /** Shortest literal worth looking for. */
  static final int MIN_LENGTH = 2;

  /** The start literals of {@code regex} (compiled with no flags but its inline ones), or empty when they cannot be told. */
  static Optional<PatternStarts> of(String regex) {
    String body = regex;
    boolean ignoreCase = false;
    while (body.startsWith("(?")) {
      int close = body.indexOf(')');
      if (close < 0 || !body.substring(2, close).matches("[ims]+")) {
        break;
      }
      ignoreCase |= body.substring(2, close).contains("i");
      body = body.substring(close + 1);
    }
    // other inline flags (?x), (?u), (?-i), (?i:...) later on change how the rest reads: not followed
    String rest = ignoreCase ? body.replace("(?i)", "") : body;
    if (rest.matches("(?s).*\\(\\?[-a-zA-Z]*[a-zA-Z-][-a-zA-Z]*[:)].*")) {
      return Optional.empty();
    }
    try {
      Set<String> literals = new Reader(rest).alternatives(rest.length());
      if (literals == null || literals.isEmpty() || literals.size() > MAX_LITERALS
          || literals.stream().anyMatch(l -> l.length() < MIN_LENGTH)) {
        return Optional.empty();
      }
      List<String> list = new ArrayList<>();
      for (String literal : literals) {
        list.add(ignoreCase ? asciiLower(literal) : literal);
      }
      return Optional.of(new PatternStarts(List.copyOf(new LinkedHashSet<>(list)), ignoreCase));
    } catch (GiveUp e) {
      return Optional.empty();
    }
  }

  static String asciiLower(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  /** Thrown (and caught above) when the pattern's text goes past what {@link Reader} follows. */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  /** Reads a regular expression's text from the start: a tiny recursive-descent reader. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    /** Alternatives up to {@code end} (the closing parenthesis or the text's end): the union of their literals. */
    Set<String> alternatives(int end) throws GiveUp {
      Set<String> union = new LinkedHashSet<>();
      while (true) {
        int stop = alternativeEnd(end);
        union.addAll(sequence(stop));
        if (union.size() > MAX_LITERALS) {
          throw new GiveUp();
        }
        at = stop;
        if (at >= end) {
          return union;
        }
        at++; // past '|'
      }
    }

    /** The literals one alternative (from {@code at} to {@code stop}) must start with, longest known. */
    private Set<String> sequence(int stop) throws GiveUp {
      skipZeroWidth(stop);
      Set<String> prefixes = new LinkedHashSet<>(List.of(""));
      while (at < stop) {
        char c = text.charAt(at);
        Set<String> next;
        int after;
        if (c == '(') {
          int close = closing(at);
          int open = at + (text.startsWith("(?:", at) ? 3 : 1);
          if (text.startsWith("(?", at) && !text.startsWith("(?:", at)) {
            return prefixes; // a look-around or named group further on: the literal ends here
          }
          Reader inner = new Reader(text);
          inner.at = open;
          next = inner.alternatives(close);
          after = close + 1;
        } else if (c == '[') {
          int close = classEnd(at);
          next = classChars(at + 1, close);
          if (next == null) {
            return prefixes;
          }
          after = close + 1;
        } else {
          String literal = literalAt(at);
          if (literal == null) {
            return prefixes;
          }
          next = Set.of(literal);
          after = at + (text.charAt(at) == '\\' ? 2 : 1);
        }
        char quantifier = after < stop ? text.charAt(after) : 0;
        boolean atLeastOnce = quantifier == '+' || (quantifier == '{' && countsFromOne(after));
        if (!atLeastOnce && (quantifier == '?' || quantifier == '*' || quantifier == '{')) {
          return prefixes; // optional from here: the literal ends before it
        }
        Set<String> joined = new LinkedHashSet<>();
        for (String p : prefixes) {
          for (String n : next) {
            joined.add(p + n);
          }
        }
        if (joined.size() > MAX_LITERALS) {
          throw new GiveUp();
        }
        prefixes = joined;
        if (atLeastOnce || c == '(') {
          return prefixes; // a repeat, or a group whose alternatives' ends are not followed
        }
        at = after;
      }
      return prefixes;
    }

    /** Whether the counted repeat {n,m} at {@code brace} asks for at least one. */
    private boolean countsFromOne(int brace) {
      int i = brace + 1;
      int n = 0;
      boolean digits = false;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        n = Math.min(1_000, n * 10 + (text.charAt(i) - '0'));
        digits = true;
        i++;
      }
      return digits && n >= 1;
    }

    /** Passes over \b, ^ and look-arounds at the start of an alternative: they match no characters. */
    private void skipZeroWidth(int stop) throws GiveUp {
      while (at < stop) {
        if (text.startsWith("\\b", at)) {
          at += 2;
        } else if (text.charAt(at) == '^') {
          at++;
        } else if (text.startsWith("(?=", at) || text.startsWith("(?!", at) || text.startsWith("(?<=", at)
            || text.startsWith("(?<!", at)) {
          at = closing(at) + 1;
        } else {
          return;
        }
      }
    }

    /** One literal character at {@code i}, or null when the character there is not one. */
    private String literalAt(int i) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 >= text.length()) {
          return null;
        }
        char e = text.charAt(i + 1);
        return ".()[]{}\\/-|?*+$^'\"`:=,#&%@!~<> ".indexOf(e) >= 0 ? String.valueOf(e) : null;
      }
      if (c > 127 || ".()[]{}|?*+$^\\".indexOf(c) >= 0) {
        return null;
      }
      return String.valueOf(c);
    }

    /** The characters of a class made only of literal characters ({@code ["'`]}, {@code [wc]}), or null. */
    private Set<String> classChars(int from, int close) {
      Set<String> chars = new LinkedHashSet<>();
      if (from >= close || text.charAt(from) == '^') {
        return null;
      }
      for (int i = from; i < close; i++) {
        char c = text.charAt(i);
        if (c == '\\' || c == '-' || c == '[' || c == '&' || c > 127) {
          return null; // escapes, ranges, nested classes and intersections are not followed
        }
        chars.add(String.valueOf(c));
      }
      return chars.size() <= 6 ? chars : null;
    }

    /** Where the current alternative ends: the next '|' at this depth, or {@code end}. */
    private int alternativeEnd(int end) throws GiveUp {
      int i = at;
      while (i < end) {
        switch (text.charAt(i)) {
          case '\\' -> i += 2;
          case '[' -> i = classEnd(i) + 1;
          case '(' -> i = closing(i) + 1;
          case '|' -> {
            return i;
          }
          default -> i++;
        }
      }
      if (i > end) {
        throw new GiveUp();
      }
      return end;
    }

    /** The index of the ')' that closes the '(' at {@code open}. */
    private int closing(int open) throws GiveUp {
      int depth = 0;
      int i = open;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '[') {
          i = classEnd(i) + 1;
          continue;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          return i;
        }
        i++;
      }
      throw new GiveUp();
    }

    /** The index of the ']' that closes the class at {@code open} (a ']' first in the class is literal). */
    private int classEnd(int open) throws GiveUp {
      int i = open + 1;
      if (i < text.length() && text.charAt(i) == '^') {
        i++;
      }
      if (i < text.length() && text.charAt(i) == ']') {
        i++;
      }
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\\') {
          i += 2;
        } else if (c == '[') {
          throw new GiveUp(); // nested classes: not followed
        } else if (c == ']') {
          return i;
        } else {
          i++;
        }
      }
      throw new GiveUp();
    }
  }

  @Override
  public String toString() {
    return (ignoreCase ? "(?i)" : "") + String.join("|", literals);
  }

  /**
   * Occurrences of literals in one piece of text. Each literal's are found once, left to right,
   * and only as far as a question has needed: a literal asked about only near a few hints is never
   * searched for in the rest of the piece.
   */
  static final class Occurrences {
    private final String piece;
    private final java.util.Map<String, Found> exact = new java.util.HashMap<>();
    private final java.util.Map<String, Found> folded = new java.util.HashMap<>();

    /** Every occurrence that starts before {@code scannedTo}, in order. */
    private static final class Found {
      int[] at = new int[8];
      int count;
      int scannedTo;
    }

    Occurrences(String piece) {
      this.piece = piece;
    }

    /**
     * The smallest offset at or after {@code from} where one of {@code starts}' literals begins
     * and ends by {@code to}, or -1.
     */
    int next(PatternStarts starts, int from, int to) {
      int best = -1;
      for (String literal : starts.literals()) {
        java.util.Map<String, Found> cache = starts.ignoreCase() ? folded : exact;
        Found found = cache.computeIfAbsent(literal, k -> new Found());
        // a start after the best so far cannot win: search no further than just before it
        int last = best < 0 ? to - literal.length() : Math.min(to - literal.length(), best - 1);
        int at = next(found, literal, starts.ignoreCase(), from, last);
        if (at >= 0) {
          best = at;
        }
      }
      return best;
    }

    /** The first occurrence of {@code literal} starting in {@code [from, last]}, or -1. */
    private int next(Found found, String literal, boolean ignoreCase, int from, int last) {
      if (last < from) {
        return -1;
      }
      if (from < found.scannedTo) {
        int i = Arrays.binarySearch(found.at, 0, found.count, from);
        i = i < 0 ? -i - 1 : i;
        if (i < found.count) {
          return found.at[i] <= last ? found.at[i] : -1;
        }
      }
      int start = found.scannedTo;
      while (start <= last) {
        int at = ignoreCase ? indexOfIgnoringAsciiCase(literal, start, last)
            : piece.indexOf(literal, start, last + literal.length());
        if (at < 0) {
          break;
        }
        if (found.count == found.at.length) {
          found.at = Arrays.copyOf(found.at, found.count * 2);
        }
        found.at[found.count++] = at;
        found.scannedTo = at + 1;
        if (at >= from) {
          return at;
        }
        start = at + 1;
      }
      found.scannedTo = Math.max(found.scannedTo, last + 1);
      return -1;
    }

    /** Where {@code lower} (ASCII lower case) starts in {@code [from, last]} ignoring ASCII case, or -1. */
    private int indexOfIgnoringAsciiCase(String lower, int from, int last) {
      char first = lower.charAt(0);
      char upper = first >= 'a' && first <= 'z' ? (char) (first - ('a' - 'A')) : first;
      // the first character in either case, each found by the JDK's vectorised search
      int small = piece.indexOf(first, from, last + 1);
      int capital = upper == first ? -1 : piece.indexOf(upper, from, last + 1);
      while (small >= 0 || capital >= 0) {
        int at = small < 0 ? capital : capital < 0 ? small : Math.min(small, capital);
        if (regionMatchesAsciiCase(at, lower)) {
          return at;
        }
        if (at == small) {
          small = piece.indexOf(first, at + 1, last + 1);
        } else {
          capital = piece.indexOf(upper, at + 1, last + 1);
        }
      }
      return -1;
    }

    private boolean regionMatchesAsciiCase(int at, String lower) {
      for (int k = 1; k < lower.length(); k++) {
        char c = piece.charAt(at + k);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        if (c != lower.charAt(k)) {
          return false;
        }
      }
      return true;
    }
  }
}
