package dev.airlock.scanner;

import dev.airlock.scanner.RuleSet.Condition;
import java.io.IOException;
import java.io.Reader;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Reads one text file in pieces of at most {@link #PIECE} characters (cut at a line end when there
 * is one, overlapping by {@link #OVERLAP} inside very long lines) and finds where each wanted
 * condition first matches. Memory stays bounded however long the file or its lines are.
 */
final class TextScan {
  static final int PIECE = 64 * 1024;
  static final int OVERLAP = 2 * 1024;

  /** What one file gave: per condition index the first matching line (0: none), and its shape. */
  static final class Result {
    private final int[] firstLine;
    private final long chars;
    private final int lines;
    private final String kept;
    private final int encodedPayloadLine;
    private final String encodedPayload;
    private final long patternWork;

    Result(int[] firstLine, long chars, int lines, String kept, int encodedPayloadLine, String encodedPayload,
        long patternWork) {
      this.firstLine = firstLine;
      this.chars = chars;
      this.lines = lines;
      this.kept = kept;
      this.encodedPayloadLine = encodedPayloadLine;
      this.encodedPayload = encodedPayload;
      this.patternWork = patternWork;
    }

    /** Per condition index, the first matching line (0: none). */
    int[] firstLine() {
      return firstLine;
    }

    long chars() {
      return chars;
    }

    int lines() {
      return lines;
    }

    /** The text kept whole, or null. */
    String kept() {
      return kept;
    }

    int encodedPayloadLine() {
      return encodedPayloadLine;
    }

    /** What a base64 string decoded to, or null. */
    String encodedPayload() {
      return encodedPayload;
    }

    long patternWork() {
      return patternWork;
    }

    boolean matched(Condition condition) {
      return firstLine[condition.index()] > 0;
    }

    /** Long average lines: generated or minified code. */
    boolean looksMinified() {
      return chars > 2_000 && chars / Math.max(1, lines) > 400;
    }
  }

  private TextScan() {}

  /**
   * Scans {@code reader} for the {@code wanted} conditions; keeps the first {@code keepChars}
   * characters of the text when that is more than 0 (for files parsed whole, such as package.json).
   */
  static Result scan(Reader reader, List<Condition> conditions, HintIndex hints, BitSet wanted, int keepChars)
      throws IOException {
    return scan(reader, conditions, hints, wanted, keepChars, false);
  }

  /** As above; with {@code decodeLiterals}, also looks inside base64 runs for a hidden command or script. */
  static Result scan(Reader reader, List<Condition> conditions, HintIndex hints, BitSet wanted, int keepChars,
      boolean decodeLiterals) throws IOException {
    int payloadLine = 0;
    String payload = null;
    int[] firstLine = new int[conditions.size()];
    int[] counts = new int[conditions.size()];
    BitSet open = (BitSet) wanted.clone();
    StringBuilder kept = keepChars > 0 ? new StringBuilder() : null;
    char[] buffer = new char[PIECE];
    int length = 0;
    int line = 1;
    long chars = 0;
    long patternWork = 0;
    boolean end = false;
    while (!end) {
      int n = reader.read(buffer, length, buffer.length - length);
      if (n < 0) {
        end = true;
      } else {
        length += n;
        chars += n;
        if (length < buffer.length) {
          continue;
        }
      }
      if (length == 0) {
        break;
      }
      int cut = length;
      int lastBreak = lastIndexOf(buffer, length, '\n');
      if (!end && lastBreak >= length / 2) {
        cut = lastBreak + 1;
      }
      String piece = new String(buffer, 0, cut);
      if (kept != null && kept.length() < keepChars) {
        kept.append(piece, 0, Math.min(piece.length(), keepChars - kept.length()));
      }
      if (!open.isEmpty()) {
        patternWork += match(piece, buffer, line, conditions, hints, open, firstLine, counts);
      }
      if (decodeLiterals && payload == null) {
        int[] at = new int[1];
        payload = EncodedLiterals.firstPayload(piece, at);
        if (payload != null) {
          payloadLine = line + count(piece, at[0], '\n');
        }
      }
      int keepFrom = cut;
      if (!end && cut == length && lastBreak < length / 2) {
        keepFrom = length - OVERLAP; // inside a very long line: look at its end again with the next piece
      }
      line += count(buffer, keepFrom, '\n');
      System.arraycopy(buffer, keepFrom, buffer, 0, length - keepFrom);
      length -= keepFrom;
      if (open.isEmpty() && kept == null && (!decodeLiterals || payload != null)) {
        // nothing left to find: drain without matching, to count lines for the bundle check
        long[] drained = drain(reader, buffer, length);
        chars += drained[0];
        line += (int) drained[1] + count(buffer, length, '\n');
        break;
      }
    }
    return new Result(firstLine, chars, line, kept == null ? null : kept.toString(), payloadLine, payload,
        patternWork);
  }

  /** Hint occurrences per condition past which its patterns run over the whole piece. */
  private static final int MAX_WINDOWS = 32;
  /** How far before and after a hint a pattern may start and reach. */
  private static final int BEFORE_HINT = 600;
  private static final int AFTER_HINT = 1_200;

  /**
   * Runs the open conditions' patterns near their hints; returns the characters handed to patterns
   * (the work done, which stays linear in the text because windows around hints are bounded).
   */
  private static long match(String piece, char[] chars, int startLine, List<Condition> conditions, HintIndex hints,
      BitSet open, int[] firstLine, int[] counts) {
    long work = 0;
    int[][] positions = new int[conditions.size()][];
    int[] found = new int[conditions.size()];
    for (int i = open.nextSetBit(0); i >= 0; i = open.nextSetBit(i + 1)) {
      positions[i] = new int[MAX_WINDOWS];
    }
    hints.find(chars, piece.length(), open, positions, found); // chars holds the piece, not yet moved
    PatternStarts.Occurrences occurrences = null;
    for (int i = open.nextSetBit(0); i >= 0; i = open.nextSetBit(i + 1)) {
      Condition condition = conditions.get(i);
      if (condition.encodedRun() > 0) {
        if (firstLine[i] == 0) {
          int at = encodedRun(piece, condition.encodedRun());
          if (at >= 0) {
            firstLine[i] = startLine + count(piece, at, '\n');
            counts[i] = condition.minCount();
            open.clear(i);
          }
        }
        continue;
      }
      boolean whole = condition.hints().isEmpty() || found[i] > MAX_WINDOWS;
      if (!whole && found[i] < Math.min(condition.minCount(), MAX_WINDOWS)) {
        continue;
      }
      for (int p = 0; p < condition.patterns().size(); p++) {
        Matcher m = condition.patterns().get(p).matcher(piece).useTransparentBounds(true).useAnchoringBounds(false);
        PatternStarts starts = condition.starts().get(p).orElse(null);
        if (starts != null && occurrences == null) {
          occurrences = new PatternStarts.Occurrences(piece);
        }
        if (whole) {
          work += countMatches(m, piece, startLine, condition, i, firstLine, counts, 0, piece.length(), starts,
              occurrences);
        } else {
          int regionEnd = 0;
          for (int w = 0; w < found[i] && counts[i] < condition.minCount(); w++) {
            int from = Math.max(positions[i][w] - BEFORE_HINT, regionEnd);
            int to = Math.min(positions[i][w] + AFTER_HINT, piece.length());
            if (from >= to) {
              continue;
            }
            work += countMatches(m, piece, startLine, condition, i, firstLine, counts, from, to, starts, occurrences);
            regionEnd = to;
          }
        }
        if (counts[i] >= condition.minCount()) {
          break;
        }
      }
      if (counts[i] >= condition.minCount()) {
        firstLine[i] = Math.abs(firstLine[i]);
        open.clear(i);
      }
    }
    return work;
  }

  /**
   * Where the first run of {@code length} base64 or hex characters starts, or -1. A run of digits
   * (a big integer literal, a table of numbers) is not encoded data: letters must make up a tenth.
   * The text is stepped through in strides of {@code length}, reading back from each stride's end
   * only to the last character that breaks a run, so most characters are never looked at.
   */
  static int encodedRun(String piece, int length) {
    int n = piece.length();
    int i = 0;
    while (i + length - 1 < n) {
      int probe = i + length - 1;
      int breaks = probe;
      while (breaks >= i && isBase64OrHex(piece.charAt(breaks))) {
        breaks--;
      }
      if (breaks >= i) {
        i = breaks + 1; // no run that starts before the break is long enough
        continue;
      }
      int start = i; // [i, probe] is one run, and the character before i (if any) breaks runs
      int run = 0;
      int letters = 0;
      int k = start;
      for (; k < n; k++) {
        char c = piece.charAt(k);
        if (!isBase64OrHex(c)) {
          break;
        }
        run++;
        letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? 1 : 0;
        if (run >= length && letters * 10 >= run) {
          return k - run + 1;
        }
      }
      i = k + 1;
    }
    return -1;
  }

  private static boolean isBase64OrHex(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }

  /**
   * Counts the pattern's matches inside {@code [from, to)} until the condition has enough; returns
   * the characters handed to the pattern (0 when its start literals do not occur there). Negative
   * entries in {@code firstLine} mean "seen, but fewer times than min-count": not a match yet.
   *
   * <p>With {@code starts}, the pattern is tried only where one of its start literals is written
   * ({@code lookingAt} there), in order: the same matches {@code find} would give, since a match
   * can begin nowhere else, without trying the pattern at every other offset.
   */
  private static int countMatches(Matcher m, String piece, int startLine, Condition condition, int i,
      int[] firstLine, int[] counts, int from, int to, PatternStarts starts, PatternStarts.Occurrences occurrences) {
    if (starts == null) {
      m.region(from, to);
      while (m.find()) {
        if (record(m, piece, startLine, condition, i, firstLine, counts, to)) {
          break;
        }
      }
      return to - from;
    }
    int at = occurrences.next(starts, from, to);
    if (at < 0) {
      return 0;
    }
    while (at >= 0) {
      m.region(at, to);
      int next = at + 1;
      if (m.lookingAt()) {
        if (record(m, piece, startLine, condition, i, firstLine, counts, to)) {
          break;
        }
        next = Math.max(next, m.end());
      }
      at = occurrences.next(starts, next, to);
    }
    return to - from;
  }

  /** Notes one match; true when no more are needed (enough of them, or the region is used up). */
  private static boolean record(Matcher m, String piece, int startLine, Condition condition, int i, int[] firstLine,
      int[] counts, int end) {
    if (firstLine[i] == 0) {
      firstLine[i] = -(startLine + count(piece, m.start(), '\n'));
    }
    return ++counts[i] >= condition.minCount() || m.end() >= end;
  }

  private static long[] drain(Reader reader, char[] buffer, int offset) throws IOException {
    long chars = 0;
    long lines = 0;
    for (int n; (n = reader.read(buffer, offset, buffer.length - offset)) > 0; ) {
      chars += n;
      lines += countRange(buffer, offset, offset + n, '\n');
    }
    return new long[] {chars, lines};
  }

  private static int lastIndexOf(char[] buffer, int length, char c) {
    for (int i = length - 1; i >= 0; i--) {
      if (buffer[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int count(char[] buffer, int length, char c) {
    return countRange(buffer, 0, length, c);
  }

  private static int countRange(char[] buffer, int from, int to, char c) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (buffer[i] == c) {
        n++;
      }
    }
    return n;
  }

  private static int count(String text, int length, char c) {
    int n = 0;
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
