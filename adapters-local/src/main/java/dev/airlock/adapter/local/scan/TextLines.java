package dev.airlock.adapter.local.scan;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text a line at a time in bounded memory. A line longer than {@code maxChars} is handed over
 * in overlapping segments, so a pattern hidden far into a minified line is still seen whole.
 */
final class TextLines {

  /** Receives each segment; returns false to stop reading. */
  @FunctionalInterface
  interface SegmentVisitor {
    boolean visit(int line, CharSequence segment, boolean startOfLine) throws IOException;
  }

  private TextLines() {}

  /**
   * Visits every line of {@code reader} ({@code \n}, {@code \r\n} or {@code \r} ends one); each
   * segment of a long line repeats the last {@code overlap} characters of the one before.
   */
  static void forEach(Reader reader, int maxChars, int overlap, SegmentVisitor visitor) throws IOException {
    if (overlap >= maxChars) {
      throw new IllegalArgumentException("overlap must be shorter than a segment");
    }
    StringBuilder segment = new StringBuilder();
    char[] buffer = new char[8192];
    int line = 1;
    boolean startOfLine = true;
    boolean afterCarriageReturn = false;
    for (int n; (n = reader.read(buffer)) != -1; ) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (c == '\n' && afterCarriageReturn) {
          afterCarriageReturn = false;
          continue;
        }
        afterCarriageReturn = c == '\r';
        if (c == '\n' || c == '\r') {
          if (!visitor.visit(line, segment, startOfLine)) {
            return;
          }
          segment.setLength(0);
          line++;
          startOfLine = true;
          continue;
        }
        segment.append(c);
        if (segment.length() >= maxChars) {
          if (!visitor.visit(line, segment, startOfLine)) {
            return;
          }
          segment.delete(0, segment.length() - overlap);
          startOfLine = false;
        }
      }
    }
    if (!segment.isEmpty() || !startOfLine) {
      visitor.visit(line, segment, startOfLine);
    }
  }
}
