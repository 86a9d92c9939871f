package dev.airlock.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version specifier set ({@code >=1.2,<2,!=1.5.*}) and which versions it allows, as pip
 * decides: every clause must hold; pre-releases only when a clause names one or nothing else fits.
 */
public final class PythonSpecifier {
  private static final Pattern CLAUSE = Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([^\\s,]+)\\s*");

  private record Clause(String op, String version) {}

  private final String text;
  private final List<Clause> clauses;

  private PythonSpecifier(String text, List<Clause> clauses) {
    this.text = text;
    this.clauses = List.copyOf(clauses);
  }

  /** Parses {@code text}; an empty text allows every version. @throws IllegalArgumentException naming the clause */
  public static PythonSpecifier parse(String text) {
    List<Clause> clauses = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : text.split(",", -1)) {
        Matcher m = CLAUSE.matcher(part);
        if (!m.matches()) {
          throw new IllegalArgumentException("'" + part.strip() + "' is not a version specifier such as >=1.2");
        }
        String op = m.group(1);
        String version = m.group(2);
        String bare = version.endsWith(".*") ? version.substring(0, version.length() - 2) : version;
        if (version.endsWith(".*") && !op.equals("==") && !op.equals("!=")) {
          throw new IllegalArgumentException("'" + part.strip() + "': only == and != take a .* suffix");
        }
        if (!op.equals("===") && !PythonVersions.isValid(bare)) {
          throw new IllegalArgumentException("'" + part.strip() + "': '" + version + "' is not a PEP 440 version");
        }
        if (op.equals("~=") && PythonVersion.of(bare).release().size() < 2) {
          throw new IllegalArgumentException("'" + part.strip() + "': ~= needs at least two release numbers");
        }
        clauses.add(new Clause(op, version));
      }
    }
    return new PythonSpecifier(text.strip(), clauses);
  }

  /** Allows every version. */
  public static PythonSpecifier any() {
    return new PythonSpecifier("", List.of());
  }

  /** The set of both: a version must satisfy this and {@code other}. */
  public PythonSpecifier and(PythonSpecifier other) {
    List<Clause> all = new ArrayList<>(clauses);
    all.addAll(other.clauses);
    String joined = text.isEmpty() ? other.text : other.text.isEmpty() ? text : text + "," + other.text;
    return new PythonSpecifier(joined, all);
  }

  /** Whether a clause names a pre-release, which lets pre-releases in. */
  public boolean namesPreRelease() {
    return clauses.stream().anyMatch(c -> !c.version().endsWith(".*") && !c.op().equals("===")
        && !c.op().equals("!=") && PythonVersion.of(c.version()).isPreRelease());
  }

  /** Whether {@code version} satisfies every clause (pre-releases not filtered here). */
  public boolean contains(PythonVersion version) {
    return clauses.stream().allMatch(c -> holds(c, version));
  }

  /** Whether {@code version} satisfies every clause (false for a string that is no version, unless ===). */
  public boolean contains(String version) {
    return PythonVersion.parse(version).map(this::contains)
        .orElseGet(() -> clauses.stream().allMatch(c -> c.op().equals("===")
            && c.version().toLowerCase(Locale.ROOT).equals(version.strip().toLowerCase(Locale.ROOT))));
  }

  private static boolean holds(Clause c, PythonVersion v) {
    String op = c.op();
    if (op.equals("===")) {
      return c.version().equalsIgnoreCase(v.toString());
    }
    if (c.version().endsWith(".*")) {
      boolean prefix = prefixMatches(PythonVersion.of(c.version().substring(0, c.version().length() - 2)), v);
      return op.equals("==") == prefix;
    }
    PythonVersion s = PythonVersion.of(c.version());
    PythonVersion candidate = s.hasLocal() ? v : v.public_();
    return switch (op) {
      case "==" -> candidate.compareTo(s) == 0;
      case "!=" -> candidate.compareTo(s) != 0;
      case "<=" -> v.public_().compareTo(s) <= 0;
      case ">=" -> v.public_().compareTo(s) >= 0;
      case "<" -> v.compareTo(s) < 0 && !(!s.isPreRelease() && v.isPreRelease() && sameRelease(v, s));
      case ">" -> v.public_().compareTo(s) > 0 && !(!s.isPostRelease() && v.isPostRelease() && sameRelease(v, s));
      case "~=" -> {
        List<BigInteger> r = s.release();
        PythonVersion prefix = PythonVersion.of(join(r.subList(0, r.size() - 1)));
        yield v.public_().compareTo(s) >= 0 && prefixMatches(prefix, v);
      }
      default -> false;
    };
  }

  private static boolean sameRelease(PythonVersion a, PythonVersion b) {
    return PythonVersion.compareRelease(a.release(), b.release()) == 0;
  }

  /** {@code ==1.2.*}: the release starts with 1.2 (zero-padded). */
  private static boolean prefixMatches(PythonVersion prefix, PythonVersion v) {
    List<BigInteger> p = prefix.release();
    List<BigInteger> r = v.release();
    for (int i = 0; i < p.size(); i++) {
      BigInteger x = i < r.size() ? r.get(i) : BigInteger.ZERO;
      if (!x.equals(p.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String join(List<BigInteger> parts) {
    StringBuilder s = new StringBuilder();
    for (BigInteger p : parts) {
      s.append(s.isEmpty() ? "" : ".").append(p);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
