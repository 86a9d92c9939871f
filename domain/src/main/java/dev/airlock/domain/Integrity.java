package dev.airlock.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A registry's digest of an artifact in Subresource Integrity form ({@code sha512-<base64>}), as npm
 * publishes it in {@code dist.integrity}: the pin a download must match.
 *
 * @param algorithm {@code sha512}, {@code sha384}, {@code sha256} or {@code sha1}
 * @param base64 the digest, base64-encoded
 */
public record Integrity(String algorithm, String base64) {
  /** Strongest first: of several hashes in one integrity string, the first of these present is used. */
  private static final List<String> ALGORITHMS = List.of("sha512", "sha384", "sha256", "sha1");

  public Integrity {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(base64, "base64");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("integrity algorithm '" + algorithm + "' is not one of " + ALGORITHMS);
    }
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("integrity digest is not base64");
    }
    if (digest.length != newDigestFor(algorithm).getDigestLength()) {
      throw new IllegalArgumentException("a " + algorithm + " digest has " + newDigestFor(algorithm).getDigestLength()
          + " bytes, not " + digest.length);
    }
  }

  /**
   * The strongest hash of an SRI string ({@code sha512-… sha1-…}; options after {@code ?} ignored).
   *
   * @throws IllegalArgumentException when it holds no hash of a known algorithm, or a bad one
   */
  public static Integrity parse(String sri) {
    String[] parts = sri.strip().split("\\s+");
    for (String algorithm : ALGORITHMS) {
      for (String part : parts) {
        int dash = part.indexOf('-');
        if (dash > 0 && part.substring(0, dash).toLowerCase(Locale.ROOT).equals(algorithm)) {
          String digest = part.substring(dash + 1);
          int options = digest.indexOf('?');
          return new Integrity(algorithm, options < 0 ? digest : digest.substring(0, options));
        }
      }
    }
    throw new IllegalArgumentException("integrity '" + sri + "' holds no sha512, sha384, sha256 or sha1 hash");
  }

  /** The SHA-1 of npm's older {@code dist.shasum} (40 hex digits). */
  public static Integrity ofShasum(String hex) {
    if (!hex.matches("[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("shasum must be 40 hex digits");
    }
    return new Integrity("sha1", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
  }

  /** The integrity of {@code digest}, the raw output of {@link #newDigest()} for {@code algorithm}. */
  public static Integrity ofDigest(String algorithm, byte[] digest) {
    return new Integrity(algorithm, Base64.getEncoder().encodeToString(digest));
  }

  /** A fresh {@link MessageDigest} of this algorithm, to hash a stream as it passes. */
  public MessageDigest newDigest() {
    return newDigestFor(algorithm);
  }

  /** Whether {@code digest} (the raw output of {@link #newDigest()}) is this one. */
  public boolean matches(byte[] digest) {
    return MessageDigest.isEqual(Base64.getDecoder().decode(base64), digest);
  }

  /** Whether this is as strong as npm's own integrity (SHA-512 or SHA-384). */
  public boolean isStrong() {
    return algorithm.equals("sha512") || algorithm.equals("sha384");
  }

  private static MessageDigest newDigestFor(String algorithm) {
    String java = switch (algorithm) {
      case "sha512" -> "SHA-512";
      case "sha384" -> "SHA-384";
      case "sha256" -> "SHA-256";
      default -> "SHA-1";
    };
    try {
      return MessageDigest.getInstance(java);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + java, e);
    }
  }

  /** The SRI form, {@code sha512-<base64>}. */
  @Override
  public String toString() {
    return algorithm + "-" + base64;
  }
}
