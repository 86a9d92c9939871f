package dev.airlock.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/** A SHA-256 digest, held as 64 lower-case hex digits. */
@Value.Immutable
public abstract class Sha256 {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** The digest as 64 lower-case hex digits. */
  @Value.Parameter
  public abstract String hex();

  /**
   * A digest from its hex form; upper case and a {@code sha256:} prefix are accepted.
   *
   * @throws IllegalArgumentException when {@code text} is not 64 hex digits
   */
  public static Sha256 of(String text) {
    String hex = text.strip().toLowerCase(Locale.ROOT);
    if (hex.startsWith("sha256:")) {
      hex = hex.substring("sha256:".length());
    }
    if (!HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits");
    }
    return ImmutableSha256.of(hex);
  }

  /** A digest from its 32 raw bytes. */
  public static Sha256 ofBytes(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
    }
    return ImmutableSha256.of(HexFormat.of().formatHex(digest));
  }

  /** The digest of {@code content}. */
  public static Sha256 hashOf(byte[] content) {
    return ofBytes(newDigest().digest(content));
  }

  /** A fresh SHA-256 {@link MessageDigest}, for hashing a stream as it passes. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The first {@code length} hex digits, for versions and display. */
  public String shortHex(int length) {
    return hex().substring(0, Math.min(length, 64));
  }

  @Override
  public String toString() {
    return hex();
  }
}
