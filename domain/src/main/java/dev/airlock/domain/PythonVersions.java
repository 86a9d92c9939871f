package dev.airlock.domain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Python version numbers as PEP 440 defines them: which strings are versions, and their normal form
 * ({@code 1.0.0-Beta_2} is {@code 1.0.0b2}), which pip compares and indexes use.
 */
public final class PythonVersions {
  /** The pattern of PEP 440's appendix, matched ignoring case and surrounding white space. */
  private static final Pattern VERSION = Pattern.compile("""
      \\s*v?
      (?:(?<epoch>[0-9]+)!)?
      (?<release>[0-9]+(?:\\.[0-9]+)*)
      (?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?
      (?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?
      (?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?
      (?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
      \\s*""", Pattern.CASE_INSENSITIVE | Pattern.COMMENTS);

  private PythonVersions() {}

  /** Whether {@code version} is a PEP 440 version. */
  public static boolean isValid(String version) {
    return VERSION.matcher(version).matches();
  }

  /** The normal form of a PEP 440 version, or empty when {@code version} is not one. */
  public static Optional<String> normalise(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder();
    if (m.group("epoch") != null && new BigInteger(m.group("epoch")).signum() != 0) {
      s.append(new BigInteger(m.group("epoch"))).append('!');
    }
    s.append(Arrays.stream(m.group("release").split("\\.")).map(n -> new BigInteger(n).toString())
        .collect(Collectors.joining(".")));
    if (m.group("pre") != null) {
      String label = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
        case "alpha", "a" -> "a";
        case "beta", "b" -> "b";
        default -> "rc";
      };
      s.append(label).append(number(m.group("pren")));
    }
    if (m.group("post") != null) {
      s.append(".post").append(number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2")));
    }
    if (m.group("dev") != null) {
      s.append(".dev").append(number(m.group("devn")));
    }
    if (m.group("local") != null) {
      s.append('+').append(m.group("local").toLowerCase(Locale.ROOT).replaceAll("[-_.]", "."));
    }
    return Optional.of(s.toString());
  }

  /** Whether two strings are the same PEP 440 version (or, when either is none, the same string). */
  public static boolean same(String a, String b) {
    Optional<String> na = normalise(a);
    Optional<String> nb = normalise(b);
    return (na.isPresent() && nb.isPresent()) ? na.equals(nb) : a.equals(b);
  }

  private static String number(String digits) {
    return digits == null ? "0" : new BigInteger(digits).toString();
  }
}
