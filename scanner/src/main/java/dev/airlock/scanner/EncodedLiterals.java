package dev.airlock.scanner;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
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

  /** The first decoded payload in {@code text} (its start in {@code at[0]}), or null. */
  static String firstPayload(String text, int[] at) {
    int runStart = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      boolean encoded = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/' || c == '-' || c == '_';
      if (encoded) {
        if (runStart < 0) {
          runStart = i;
        }
        continue;
      }
      if (runStart >= 0) {
        int length = i - runStart;
        if (length >= MIN_RUN && length <= MAX_RUN && isQuoteOrEquals(c)) {
          String decoded = decode(text.substring(runStart, i));
          if (decoded != null) {
            Matcher m = SIGNATURE.matcher(decoded);
            if (m.find()) {
              at[0] = runStart;
              return decoded;
            }
          }
        }
        runStart = -1;
      }
    }
    return null;
  }

  private static boolean isQuoteOrEquals(char c) {
    return c == '\'' || c == '"' || c == '=';
  }

  /** The run as readable text, or null when it is not base64 of mostly printable text. */
  private static String decode(String run) {
    if (run.chars().noneMatch(Character::isDigit) && run.chars().noneMatch(Character::isUpperCase)) {
      return null; // plain words and identifiers, not encoded data
    }
    String padded = run.replace('-', '+').replace('_', '/');
    padded = padded.substring(0, padded.length() - padded.length() % 4);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(padded);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int printable = 0;
    for (byte b : bytes) {
      if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t') {
        printable++;
      }
    }
    return bytes.length > 0 && printable >= bytes.length * 0.95 ? new String(bytes, StandardCharsets.US_ASCII) : null;
  }
}
