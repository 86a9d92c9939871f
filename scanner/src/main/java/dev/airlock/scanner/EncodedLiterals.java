package dev.airlock.scanner;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Looks inside base64 runs in code: a run that decodes to readable text holding a URL, a shell
 * command or Python that imports and runs things is a payload hidden from reviewers.
 */
final class EncodedLiterals {
  /** Shortest run worth decoding: shorter ones are hashes, ids and test vectors. */
  static final int MIN_RUN = 28;
  private static final int MAX_RUN = 1 << 20;
  private static final Pattern SIGNATURE = Pattern.compile(
      "(?i)https?://|\\bimport\\s+(?:os|subprocess|socket|requests|base64|urllib|ctypes|zlib|marshal)\\b"
          + "|\\bexec\\s*\\(|\\bpowershell\\b|\\bcurl(?:\\.exe)?\\s|\\bwget\\s|cmd(?:\\.exe)?\\s+/c\\b|/bin/(?:ba)?sh\\b"
          + "|\\bos\\.system\\b|\\bsubprocess\\b|\\bInvoke-\\w+|\\bStart-Process\\b");

  private EncodedLiterals() {}

  /** Base64 digit values of the URL-safe and the standard alphabet together; -1 for other characters. */
  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUE[alphabet.charAt(i)] = (byte) i;
    }
    VALUE['-'] = 62;
    VALUE['_'] = 63;
  }

  /**
   * The first decoded payload in {@code text} (its start in {@code at[0]}), or null. Only runs of
   * at least {@link #MIN_RUN} characters count, so the text is stepped through in strides of
   * {@code MIN_RUN}, reading back from each stride's end only to the last character that breaks a
   * run (in code, a few characters): most characters are never looked at.
   */
  static String firstPayload(String text, int[] at) {
    int length = text.length();
    int i = 0;
    while (i + MIN_RUN - 1 < length) {
      // back from the step's end to the last character that breaks a run: no run before it is long enough
      int probe = i + MIN_RUN - 1;
      int breaks = probe;
      while (breaks >= i && isEncoded(text.charAt(breaks))) {
        breaks--;
      }
      if (breaks >= i) {
        i = breaks + 1;
        continue;
      }
      int runStart = i; // [i, probe] is one run, and the character before i (if any) breaks runs
      boolean digitOrUpper = false;
      int end = runStart;
      for (; end < length && isEncoded(text.charAt(end)); end++) {
        char c = text.charAt(end);
        digitOrUpper |= (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
      }
      int run = end - runStart;
      // a run at the very end of the text is not followed by a quote or '='
      if (run >= MIN_RUN && run <= MAX_RUN && end < length && isQuoteOrEquals(text.charAt(end))
          && digitOrUpper) { // plain words and identifiers are not encoded data
        String decoded = decode(text, runStart, end);
        if (decoded != null && SIGNATURE.matcher(decoded).find()) {
          at[0] = runStart;
          return decoded;
        }
      }
      i = end + 1;
    }
    return null;
  }

  private static boolean isEncoded(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
        || c == '-' || c == '_';
  }

  private static boolean isQuoteOrEquals(char c) {
    return c == '\'' || c == '"' || c == '=';
  }

  /**
   * {@code text[start, end)} (base64 characters only, URL-safe or not) decoded as readable text,
   * or null when it is not base64 of mostly (95 %) printable text. Decoding stops as soon as too
   * many bytes are unprintable for the rest to make up.
   */
  private static String decode(String text, int start, int end) {
    int usable = (end - start) / 4 * 4;
    int total = usable / 4 * 3;
    if (total == 0) {
      return null;
    }
    double needed = total * 0.95;
    byte[] bytes = new byte[total];
    int unprintable = 0;
    int out = 0;
    for (int i = start; i < start + usable; i += 4) {
      int bits = VALUE[text.charAt(i)] << 18 | VALUE[text.charAt(i + 1)] << 12 | VALUE[text.charAt(i + 2)] << 6
          | VALUE[text.charAt(i + 3)];
      for (int shift = 16; shift >= 0; shift -= 8) {
        byte b = (byte) (bits >> shift);
        bytes[out++] = b;
        if (!((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t')) {
          unprintable++;
        }
      }
      if (total - unprintable < needed) {
        return null;
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
