package dev.airlock.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PEP 440 version that sorts as pip sorts versions (epoch, release, pre, post, dev, local). */
public final class PythonVersion implements Comparable<PythonVersion> {
  private static final Pattern NORMAL = Pattern.compile(
      "(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)(?:(a|b|rc)(\\d+))?(?:\\.post(\\d+))?(?:\\.dev(\\d+))?(?:\\+([a-z0-9.]+))?");

  private final String text;
  private final BigInteger epoch;
  private final List<BigInteger> release;
  private final int preLabel; // -1 dev-only, 0 a, 1 b, 2 rc, 3 none
  private final BigInteger preNumber;
  private final BigInteger post; // null: none
  private final BigInteger dev; // null: none
  private final String local;

  private PythonVersion(String text, Matcher m) {
    this.text = text;
    this.epoch = m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1));
    List<BigInteger> parts = new ArrayList<>();
    for (String p : m.group(2).split("\\.", -1)) {
      parts.add(new BigInteger(p));
    }
    this.release = List.copyOf(parts);
    this.post = m.group(5) == null ? null : new BigInteger(m.group(5));
    this.dev = m.group(6) == null ? null : new BigInteger(m.group(6));
    if (m.group(3) != null) {
      this.preLabel = switch (m.group(3)) {
        case "a" -> 0;
        case "b" -> 1;
        default -> 2;
      };
      this.preNumber = new BigInteger(m.group(4));
    } else {
      this.preLabel = dev != null && post == null ? -1 : 3;
      this.preNumber = BigInteger.ZERO;
    }
    this.local = m.group(7) == null ? "" : m.group(7);
  }

  /** The version {@code text} stands for, or empty when it is no PEP 440 version. */
  public static Optional<PythonVersion> parse(String text) {
    return PythonVersions.normalise(text).map(normal -> {
      Matcher m = NORMAL.matcher(normal);
      if (!m.matches()) {
        throw new IllegalStateException("normal form not understood: " + normal);
      }
      return new PythonVersion(text.strip(), m);
    });
  }

  /** The version {@code text} stands for. @throws IllegalArgumentException when it is none */
  public static PythonVersion of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a PEP 440 version"));
  }

  /** The release numbers ({@code 2.2.3}: 2, 2, 3). */
  public List<BigInteger> release() {
    return release;
  }

  /** A pre-release or development release: pip skips these unless asked for one. */
  public boolean isPreRelease() {
    return preLabel < 3 || dev != null;
  }

  /** Whether a local label ({@code +cpu}) is present. */
  public boolean hasLocal() {
    return !local.isEmpty();
  }

  /** The same version without its local label. */
  public PythonVersion public_() {
    return hasLocal() ? of(text.substring(0, text.indexOf('+'))) : this;
  }

  /** Whether the version is a post-release. */
  public boolean isPostRelease() {
    return post != null;
  }

  @Override
  public int compareTo(PythonVersion o) {
    int c = epoch.compareTo(o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(release, o.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preLabel, o.preLabel);
    if (c != 0) {
      return c;
    }
    c = preNumber.compareTo(o.preNumber);
    if (c != 0) {
      return c;
    }
    c = compareMissingLow(post, o.post);
    if (c != 0) {
      return c;
    }
    c = compareMissingHigh(dev, o.dev);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  static int compareRelease(List<BigInteger> a, List<BigInteger> b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
      BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareMissingLow(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  private static int compareMissingHigh(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return a.compareTo(b);
  }

  private static int compareLocal(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(!a.isEmpty(), !b.isEmpty());
    }
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean xn = x[i].chars().allMatch(Character::isDigit);
      boolean yn = y[i].chars().allMatch(Character::isDigit);
      int c = xn && yn ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
          : xn != yn ? (xn ? 1 : -1) : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PythonVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    List<BigInteger> trimmed = new ArrayList<>(release);
    while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1).signum() == 0) {
      trimmed.remove(trimmed.size() - 1);
    }
    return java.util.Objects.hash(epoch, trimmed, preLabel, preNumber, post, dev, local);
  }

  @Override
  public String toString() {
    return text;
  }
}
