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
 */
final class HintIndex {
  /** One hint and the conditions that name it. */
  private static final class Entry {
    private final String hint;
    private final int[] conditions;

    Entry(String hint, int[] conditions) {
      this.hint = hint;
      this.conditions = conditions;
    }

    String hint() {
      return hint;
    }

    int[] conditions() {
      return conditions;
    }
  }

  private final long[] bigrams = new long[1 << 10]; // 65 536 bits, one per (hashed) first two characters
  private final Map<Integer, Entry[]> byBigram = new HashMap<>();

  HintIndex(List<Condition> conditions) {
    Map<String, List<Integer>> owners = new LinkedHashMap<>();
    for (Condition condition : conditions) {
      for (String hint : condition.hints()) {
        if (hint.length() < 2) {
          throw new IllegalArgumentException("hint '" + hint + "' is shorter than two characters");
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
          .add(new Entry(hint, list.stream().mapToInt(Integer::intValue).toArray()));
    });
    grouped.forEach((key, list) -> byBigram.put(key, list.toArray(Entry[]::new)));
  }

  private static int key(char a, char b) {
    return ((Character.toLowerCase(a) * 31) ^ Character.toLowerCase(b)) & 0xffff;
  }

  /**
   * Records where hints of the {@code open} conditions occur in {@code piece}: up to
   * {@code positions[i].length} start offsets per condition, {@code found[i]} counting them all.
   */
  void find(String piece, BitSet open, int[][] positions, int[] found) {
    int length = piece.length();
    if (length < 2) {
      return;
    }
    char previous = piece.charAt(0);
    for (int i = 1; i < length; i++) {
      char current = piece.charAt(i);
      int key = key(previous, current);
      previous = current;
      if ((bigrams[key >>> 6] & (1L << (key & 63))) == 0) {
        continue;
      }
      Entry[] entries = byBigram.get(key);
      if (entries == null) {
        continue;
      }
      int start = i - 1;
      for (Entry entry : entries) {
        if (!piece.regionMatches(true, start, entry.hint(), 0, entry.hint().length())) {
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
}
