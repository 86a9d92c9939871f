package dev.airlock.scanner;

import dev.airlock.scanner.RuleSet.Condition;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds every hint of every condition in one pass over a piece of text (a small multi-string
 * search keyed on the first two characters, ignoring case), so the patterns of a condition run only near its
 * hints.
 *
 * <p>Hot: every character of every scanned file passes through {@link #find}. So the lower-case
 * form of a character and whether it equals an ASCII character ignoring case come from tables
 * built once, candidate hints are found by array index rather than a boxed map key, and a hint is
 * compared character by character with the same rule as {@link String#regionMatches(boolean, int,
 * String, int, int)} uses for one character.
 */
final class HintIndex {
  /** One hint, lower-cased, and the conditions that name it (a class: arrays make poor record components). */
  private static final class Entry {
    private final char[] hint;
    private final int[] conditions;

    Entry(char[] hint, int[] conditions) {
      this.hint = hint;
      this.conditions = conditions;
    }

    char[] hint() {
      return hint;
    }

    int[] conditions() {
      return conditions;
    }
  }

  private static final int KEYS = 1 << 16;
  /** {@code Character.toLowerCase(c)} for every char. */
  private static final char[] LOWER = new char[KEYS];
  /** For every char, the lower-case ASCII character it equals ignoring case, or {@code NONE}. */
  private static final char[] ASCII_FOLD = new char[KEYS];
  private static final char NONE = '\uffff';

  static {
    for (int i = 0; i < KEYS; i++) {
      char c = (char) i;
      LOWER[i] = Character.toLowerCase(c);
      ASCII_FOLD[i] = NONE;
      // the only ASCII characters c can equal ignoring case are among these (two differ only by case)
      for (char candidate : new char[] {c, Character.toLowerCase(c), Character.toUpperCase(c),
          Character.toLowerCase(Character.toUpperCase(c))}) {
        char lower = Character.toLowerCase(candidate);
        if (candidate < 128 && lower < 128 && equalIgnoringCase(c, lower)) {
          ASCII_FOLD[i] = lower;
        }
      }
    }
  }

  private final long[] bigrams = new long[KEYS >>> 6]; // one bit per (hashed) first two characters
  private final Entry[][] byBigram = new Entry[KEYS][];
  /**
   * Per bigram, one bit per third character its hints can go on with (ASCII, folded, modulo 64;
   * all bits when one of them is two characters long): most bigram hits in code ("in", "re",
   * "co") are ruled out here without comparing a single hint.
   */
  private final long[] thirds = new long[KEYS];
  /** The same for the fourth character ("get" goes on to "getuser" but also to "get_"). */
  private final long[] fourths = new long[KEYS];

  HintIndex(List<Condition> conditions) {
    this(conditions, null);
  }

  /** The hints of the conditions in {@code only} (all of them when null). */
  HintIndex(List<Condition> conditions, BitSet only) {
    Map<String, List<Integer>> owners = new LinkedHashMap<>();
    for (Condition condition : conditions) {
      for (String hint : condition.hints()) {
        if (hint.length() < 2) {
          throw new IllegalArgumentException("hint '" + hint + "' is shorter than two characters");
        }
        if (only != null && !only.get(condition.index())) {
          continue;
        }
        // case-blind: hints only choose where patterns run, and a (?i) pattern must not miss DISCORD.COM
        owners.computeIfAbsent(hint.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(condition.index());
      }
    }
    Map<Integer, List<Entry>> grouped = new HashMap<>();
    owners.forEach((hint, list) -> {
      int key = key(hint.charAt(0), hint.charAt(1));
      bigrams[key >>> 6] |= 1L << (key & 63);
      grouped.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Entry(hint.toCharArray(), list.stream().mapToInt(Integer::intValue).toArray()));
    });
    grouped.forEach((key, list) -> {
      byBigram[key] = list.toArray(Entry[]::new);
      for (Entry entry : list) {
        char third = entry.hint().length > 2 ? entry.hint()[2] : NONE;
        thirds[key] |= third < 128 ? 1L << (third & 63) : -1L;
        char fourth = entry.hint().length > 3 ? entry.hint()[3] : NONE;
        fourths[key] |= fourth < 128 ? 1L << (fourth & 63) : -1L;
      }
    });
  }

  private static int key(char a, char b) {
    return ((LOWER[a] * 31) ^ LOWER[b]) & 0xffff;
  }

  /** Whether two chars are equal ignoring case, by the rule {@code String.regionMatches(true, ...)} applies per char. */
  private static boolean equalIgnoringCase(char a, char b) {
    if (a == b) {
      return true;
    }
    char ua = Character.toUpperCase(a);
    char ub = Character.toUpperCase(b);
    return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
  }

  /**
   * Records where hints of the {@code open} conditions occur in {@code piece}: up to
   * {@code positions[i].length} start offsets per condition, {@code found[i]} counting them all.
   */
  void find(String piece, BitSet open, int[][] positions, int[] found) {
    find(piece.toCharArray(), piece.length(), open, positions, found);
  }

  /** As {@link #find(String, BitSet, int[][], int[])}, on the first {@code length} chars of {@code text}. */
  void find(char[] text, int length, BitSet open, int[][] positions, int[] found) {
    if (length < 2) {
      return;
    }
    long[] bits = bigrams;
    char[] lower = LOWER;
    int previous = lower[text[0]];
    for (int i = 1; i < length; i++) {
      int current = lower[text[i]];
      int key = ((previous * 31) ^ current) & 0xffff;
      previous = current;
      if ((bits[key >>> 6] & (1L << key)) == 0) {
        continue;
      }
      if (i + 1 < length && ((thirds[key] & (1L << (ASCII_FOLD[text[i + 1]] & 63))) == 0
          || (i + 2 < length && (fourths[key] & (1L << (ASCII_FOLD[text[i + 2]] & 63))) == 0))) {
        continue; // no hint of this bigram goes on with the next two characters
      }
      Entry[] entries = byBigram[key];
      if (entries == null) {
        continue;
      }
      int start = i - 1;
      for (Entry entry : entries) {
        if (!matchesAt(text, length, start, entry.hint())) {
          continue;
        }
        for (int condition : entry.conditions()) {
          if (open.get(condition)) {
            int n = found[condition]++;
            if (n < positions[condition].length) {
              positions[condition][n] = start;
            }
          }
        }
      }
    }
  }

  private static boolean matchesAt(char[] text, int length, int start, char[] hint) {
    if (start + hint.length > length) {
      return false;
    }
    for (int k = 0; k < hint.length; k++) {
      char h = hint[k];
      char c = text[start + k];
      if (h < 128 ? ASCII_FOLD[c] != h : !equalIgnoringCase(c, h)) {
        return false;
      }
    }
    return true;
  }
}
