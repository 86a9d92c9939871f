package dev.airlock.bootstrap.config;

import dev.airlock.bootstrap.config.PolicyTree.Entry;
import dev.airlock.bootstrap.config.PolicyTree.Location;
import dev.airlock.bootstrap.config.PolicyTree.Mapping;
import dev.airlock.bootstrap.config.PolicyTree.Node;
import dev.airlock.bootstrap.config.PolicyTree.Problem;
import dev.airlock.bootstrap.config.PolicyTree.Scalar;
import dev.airlock.bootstrap.config.PolicyTree.Sequence;
import dev.airlock.domain.LicencePolicy;
import dev.airlock.domain.PathGlob;
import dev.airlock.domain.ReleaseAgeExemption;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a policy file (YAML, or JSON, which YAML includes), shaped as the JSON Schema
 * {@value #SCHEMA_RESOURCE} describes:
 *
 * <pre>
 * threshold: MEDIUM
 * waivers:
 *   - package: requests
 *     rule: AIRLOCK-AWS-ACCESS-KEY
 *     justification: test fixture key, revoked (SEC-1234)
 *     expires: 2027-03-31
 * </pre>
 *
 * <p>Every mistake in the file is reported, each at its own line and column and in words (never a
 * Java name); a file that is not YAML at all stops at its first syntax error.
 */
public final class PolicyFiles {
  /** The JSON Schema (draft 2020-12) of a policy file, on the classpath and in {@code docs/}. */
  public static final String SCHEMA_RESOURCE = "/dev/airlock/bootstrap/config/airlock-policy.schema.json";

  static final List<String> POLICY_KEYS = List.of("mode", "threshold", "minimumReleaseAge", "releaseAgeExemptions",
      "licenses", "yanked", "deprecated", "waivers");
  static final List<String> EXEMPTION_KEYS = List.of("package", "versions", "justification", "approver", "expires");
  static final List<String> LICENSE_KEYS = List.of("allow", "deny", "unknown");
  static final List<String> WAIVER_KEYS = List.of("package", "versions", "sha256", "rule", "path", "justification",
      "approver", "expires");
  private static final List<String> REQUIRED_WAIVER_KEYS = List.of("package", "rule", "justification", "expires");
  /** Rule ids in Airlock's own namespace; a waiver naming another AIRLOCK- id names nothing. */
  private static final String AIRLOCK_PREFIX = "AIRLOCK-";

  private PolicyFiles() {}

  /** What a policy file says: the policy when it is valid, else every mistake, in file order. */
  public record Checked(Optional<SeverityPolicy> policy, List<Mistake> mistakes) {
    public Checked {
      mistakes = List.copyOf(mistakes);
    }
  }

  /** One mistake at a 1-based line and column (0 when it concerns the whole file). */
  public record Mistake(int line, int column, String message) {
    /** {@code policy file F, line 3, column 5: message}. */
    public String describe(String file) {
      return "policy file " + file + (line == 0 ? "" : ", line " + line + ", column " + column) + ": " + message;
    }
  }

  /**
   * The policy the file describes.
   *
   * @throws ConfigurationException naming the file, and each mistake with its line and column, when it is
   *     not a valid policy
   */
  public static SeverityPolicy load(Path file) {
    return orThrow(check(file), file.toString());
  }

  /**
   * The policy {@code bytes} describe (a policy file read from elsewhere: a pull request's commit, say).
   *
   * @param file names the file in messages ({@code requests/airlock-policy.yaml at 1a2b3c4d5e6f})
   * @throws ConfigurationException naming {@code file} and each mistake when it is not a valid policy
   */
  public static SeverityPolicy parse(byte[] bytes, String file) {
    return orThrow(check(bytes), file);
  }

  /**
   * Checks the policy file at {@code file}.
   *
   * @throws ConfigurationException when the file cannot be read at all
   */
  public static Checked check(Path file) {
    try {
      return check(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("policy file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException("policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Checks the policy {@code bytes} hold. */
  public static Checked check(byte[] bytes) {
    Optional<PolicyTree.Read> read;
    try {
      read = PolicyTree.read(bytes);
    } catch (PolicyTree.SyntaxError e) {
      return new Checked(Optional.empty(), List.of(new Mistake(e.at().line(), e.at().column(),
          "not valid YAML or JSON: " + e.getMessage())));
    } catch (IOException e) {
      return new Checked(Optional.empty(), List.of(new Mistake(0, 0, "cannot be read: " + e.getMessage())));
    }
    if (read.isEmpty()) {
      return new Checked(Optional.empty(), List.of(new Mistake(0, 0, "is empty; write at least the threshold, "
          + "e.g. 'threshold: MEDIUM'")));
    }
    Reader reader = new Reader(read.get().problems(), KnownRules.ids());
    SeverityPolicy policy = reader.policy(read.get().root());
    List<Mistake> mistakes = reader.problems.stream()
        .sorted(Comparator.comparingInt((Problem p) -> p.at().line()).thenComparingInt(p -> p.at().column()))
        .map(p -> new Mistake(p.at().line(), p.at().column(), p.message()))
        .toList();
    return new Checked(mistakes.isEmpty() ? Optional.of(policy) : Optional.empty(), mistakes);
  }

  private static SeverityPolicy orThrow(Checked checked, String file) {
    if (checked.policy().isPresent()) {
      return checked.policy().get();
    }
    List<String> lines = checked.mistakes().stream().map(m -> m.describe(file)).toList();
    if (lines.size() == 1) {
      throw new ConfigurationException(lines.get(0));
    }
    throw new ConfigurationException("policy file " + file + " has " + lines.size() + " mistakes:\n  "
        + String.join("\n  ", lines));
  }

  /** Walks the tree, building the policy and noting every mistake; the policy is used only when none is noted. */
  private static final class Reader {
    private final List<Problem> problems;
    private final java.util.Set<String> knownRules;

    Reader(List<Problem> fromReading, java.util.Set<String> knownRules) {
      this.problems = new ArrayList<>(fromReading);
      this.knownRules = knownRules;
    }

    private void problem(Location at, String message) {
      problems.add(new Problem(at, message));
    }

    SeverityPolicy policy(Node root) {
      var policy = SeverityPolicy.builder();
      if (!(root instanceof Mapping top)) {
        problem(root.at(), "a policy is a mapping of keys (" + String.join(", ", POLICY_KEYS) + "), found "
            + root.describe());
        return policy.build();
      }
      keys(top, POLICY_KEYS, "", "");
      entry(top, "threshold").flatMap(e -> text(e, "threshold")).ifPresent(pair -> {
        try {
          policy.threshold(Severity.parse(pair.text()));
        } catch (IllegalArgumentException e) {
          problem(pair.at(), "threshold: " + e.getMessage());
        }
      });
      entry(top, "mode").flatMap(e -> choice(e, "mode", SeverityPolicy.Mode.class)).ifPresent(policy::mode);
      entry(top, "minimumReleaseAge").flatMap(e -> text(e, "minimumReleaseAge")).ifPresent(t -> {
        try {
          java.time.Duration age = java.time.Duration.parse(t.text().toUpperCase(java.util.Locale.ROOT));
          if (age.isNegative() || age.isZero()) {
            problem(t.at(), "minimumReleaseAge must be longer than zero, e.g. P7D");
          } else {
            policy.minimumReleaseAge(age);
          }
        } catch (java.time.format.DateTimeParseException e) {
          problem(t.at(), "minimumReleaseAge '" + t.text() + "' is not an ISO-8601 duration; write days as P7D or"
              + " hours as PT36H");
        }
      });
      entry(top, "releaseAgeExemptions").flatMap(e -> list(e, "releaseAgeExemptions")).ifPresent(items -> {
        for (int i = 0; i < items.size(); i++) {
          exemption(items.get(i), i + 1).ifPresent(policy::addReleaseAgeExemptions);
        }
      });
      entry(top, "licenses").ifPresent(e -> licences(e).ifPresent(policy::licences));
      entry(top, "yanked").flatMap(e -> choice(e, "yanked", SeverityPolicy.Action.class)).ifPresent(policy::yanked);
      entry(top, "deprecated").flatMap(e -> choice(e, "deprecated", SeverityPolicy.Action.class))
          .ifPresent(policy::deprecated);
      entry(top, "waivers").flatMap(e -> list(e, "waivers")).ifPresent(items -> {
        for (int i = 0; i < items.size(); i++) {
          waiver(items.get(i), i + 1).ifPresent(policy::addWaivers);
        }
      });
      return build(policy::build, top.at());
    }

    private Optional<ReleaseAgeExemption> exemption(Node node, int index) {
      String where = "release-age exemption " + index;
      if (!(node instanceof Mapping map)) {
        problem(node.at(), where + " must be a mapping of " + String.join(", ", EXEMPTION_KEYS) + "; found "
            + node.describe());
        return Optional.empty();
      }
      keys(map, EXEMPTION_KEYS, " in " + where, " in a release-age exemption");
      int before = problems.size();
      List<String> misspelt = misspelt(map, EXEMPTION_KEYS);
      List<String> missing = List.of("package", "justification", "approver", "expires").stream()
          .filter(k -> !map.entries().containsKey(k) && !misspelt.contains(k)).toList();
      if (!missing.isEmpty()) {
        problem(map.at(), where + " needs " + String.join(", ", missing)
            + " (an exemption needs package, justification, approver and expires (YYYY-MM-DD))");
      }
      var exemption = ReleaseAgeExemption.builder();
      entry(map, "package").flatMap(e -> required(e, where)).ifPresent(p -> exemption.packageName(p.text()));
      entry(map, "versions").flatMap(e -> required(e, where)).ifPresent(p -> Waiver.versionsProblem(p.text())
          .ifPresentOrElse(problem -> problem(p.at(), where + ": versions '" + p.text() + "' is not a version range: "
              + problem + " (write a PEP 440 specifier set, e.g. '>=2.0,<2.3' or '==1.4.2')"),
              () -> exemption.versions(p.text())));
      entry(map, "justification").flatMap(e -> required(e, where)).ifPresent(p -> exemption.justification(p.text()));
      entry(map, "approver").flatMap(e -> required(e, where)).ifPresent(p -> exemption.approver(p.text()));
      entry(map, "expires").flatMap(e -> date(e, where)).ifPresent(exemption::expires);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.ofNullable(build(exemption::build, map.at()));
    }

    private Optional<LicencePolicy> licences(Entry entry) {
      if (!(entry.value() instanceof Mapping map)) {
        problem(entry.value().at(), "licenses must be a mapping of " + String.join(", ", LICENSE_KEYS) + ", found "
            + entry.value().describe());
        return Optional.empty();
      }
      keys(map, LICENSE_KEYS, " in licenses", " in licenses");
      var licences = LicencePolicy.builder();
      entry(map, "allow").flatMap(e -> licenceIds(e, "licenses.allow")).ifPresent(licences::allow);
      entry(map, "deny").flatMap(e -> licenceIds(e, "licenses.deny")).ifPresent(licences::deny);
      entry(map, "unknown").flatMap(e -> choice(e, "licenses.unknown", LicencePolicy.Unknown.class))
          .ifPresent(licences::unknown);
      return Optional.of(licences.build());
    }

    private Optional<List<String>> licenceIds(Entry entry, String what) {
      return list(entry, what).map(items -> {
        List<String> ids = new ArrayList<>();
        for (Node item : items) {
          if (item instanceof Scalar scalar && scalar.isText()) {
            Optional<String> problem = LicencePolicy.entryProblem(scalar.text());
            if (problem.isPresent()) {
              problem(item.at(), what + ": " + problem.get());
            } else {
              ids.add(scalar.text().strip());
            }
          } else {
            problem(item.at(), what + ": each item must be an SPDX licence id, found " + item.describe());
          }
        }
        return ids;
      });
    }

    /** One of an enum's constants, written in any case ({@code refuse}, {@code REFUSE}). */
    private <E extends Enum<E>> Optional<E> choice(Entry entry, String what, Class<E> type) {
      List<String> names = java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
      return text(entry, what).flatMap(t -> {
        String wanted = t.text().toLowerCase(java.util.Locale.ROOT);
        if (names.contains(wanted)) {
          return Optional.of(Enum.valueOf(type, wanted.toUpperCase(java.util.Locale.ROOT)));
        }
        String hint = Suggestions.didYouMean(wanted, names);
        problem(t.at(), what + ": '" + t.text() + "' is not one of " + String.join(", ", names)
            + (hint.isEmpty() ? "" : "; " + hint));
        return Optional.empty();
      });
    }

    private Optional<Waiver> waiver(Node node, int index) {
      String where = "waiver " + index;
      if (!(node instanceof Mapping map)) {
        problem(node.at(), where + " must be a mapping of " + String.join(", ", WAIVER_KEYS) + "; found "
            + node.describe());
        return Optional.empty();
      }
      keys(map, WAIVER_KEYS, " in " + where, " in a waiver");
      int before = problems.size();
      List<String> misspelt = misspelt(map, WAIVER_KEYS);
      List<String> missing = REQUIRED_WAIVER_KEYS.stream()
          .filter(k -> !map.entries().containsKey(k) && !misspelt.contains(k)).toList();
      if (!missing.isEmpty()) {
        problem(map.at(), where + " needs " + String.join(", ", missing)
            + " (a waiver needs package, rule, justification and expires (YYYY-MM-DD))");
      }
      var waiver = Waiver.builder();
      entry(map, "package").flatMap(e -> required(e, where)).ifPresent(p -> waiver.packageName(p.text()));
      entry(map, "rule").flatMap(e -> required(e, where)).ifPresent(p -> {
        if (p.text().toUpperCase(java.util.Locale.ROOT).startsWith(AIRLOCK_PREFIX) && !knownRules.contains(p.text())) {
          String hint = Suggestions.didYouMean(p.text(), knownRules);
          problem(p.at(), where + ": rule '" + p.text() + "' is not an Airlock rule" + (hint.isEmpty() ? "" : "; " + hint)
              + " (docs/rules.md lists the built-in rules and the README the policy's own; ids of other scanners,"
              + " such as CVE-2024-3651 or a SARIF tool's rule, are written as that scanner reports them)");
        } else {
          waiver.ruleId(p.text());
        }
      });
      entry(map, "versions").flatMap(e -> required(e, where)).ifPresent(p -> Waiver.versionsProblem(p.text())
          .ifPresentOrElse(problem -> problem(p.at(), where + ": versions '" + p.text() + "' is not a version range: "
              + problem + " (write a PEP 440 specifier set, e.g. '>=2.0,<2.3' or '==1.4.2')"),
              () -> waiver.versions(p.text())));
      entry(map, "sha256").flatMap(e -> required(e, where)).ifPresent(p -> {
        try {
          waiver.sha256(Sha256.of(p.text()));
        } catch (IllegalArgumentException e) {
          problem(p.at(), where + ": sha256 '" + p.text() + "' is not a SHA-256 (64 hexadecimal digits)");
        }
      });
      entry(map, "path").flatMap(e -> required(e, where)).ifPresent(p -> waiver.path(PathGlob.of(p.text())));
      entry(map, "approver").flatMap(e -> required(e, where)).ifPresent(p -> waiver.approver(p.text()));
      entry(map, "justification").flatMap(e -> required(e, where)).ifPresent(p -> waiver.justification(p.text()));
      entry(map, "expires").flatMap(e -> date(e, where)).ifPresent(waiver::expires);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.ofNullable(build(waiver::build, map.at()));
    }

    /** Notes each key of {@code map} that is not one of {@code valid}, with the closest valid one. */
    private void keys(Mapping map, List<String> valid, String where, String validWhere) {
      for (Entry entry : map.entries().values()) {
        if (!valid.contains(entry.key())) {
          String hint = Suggestions.didYouMean(entry.key(), valid);
          problem(entry.keyAt(), "unknown key '" + entry.key() + "'" + where + (hint.isEmpty() ? "" : "; " + hint)
              + " (valid keys" + validWhere + ": " + String.join(", ", valid) + ")");
        }
      }
    }

    /** The valid keys that an unknown key of {@code map} most likely meant: reported as misspelt, not missing. */
    private static List<String> misspelt(Mapping map, List<String> valid) {
      return map.entries().keySet().stream().filter(k -> !valid.contains(k))
          .flatMap(k -> Suggestions.closest(k, valid).stream().limit(1)).toList();
    }

    private static Optional<Entry> entry(Mapping map, String key) {
      return Optional.ofNullable(map.entries().get(key));
    }

    /** A text and where it is. */
    record Text(String text, Location at) {}

    private Optional<Text> text(Entry entry, String what) {
      if (entry.value() instanceof Scalar scalar && scalar.isText()) {
        return Optional.of(new Text(scalar.text().strip(), scalar.at()));
      }
      problem(entry.value().at(), what + " must be a text, found " + entry.value().describe());
      return Optional.empty();
    }

    private Optional<Text> required(Entry entry, String where) {
      Optional<Text> text = text(entry, where + ": " + entry.key());
      if (text.isPresent() && text.get().text().isEmpty()) {
        problem(text.get().at(), where + ": " + entry.key() + " is empty");
        return Optional.empty();
      }
      return text;
    }

    private Optional<List<Node>> list(Entry entry, String what) {
      if (entry.value() instanceof Sequence sequence) {
        return Optional.of(sequence.items());
      }
      if (entry.value() instanceof Scalar scalar && scalar.isNull()) {
        return Optional.of(List.of()); // "waivers:" with nothing under it
      }
      problem(entry.value().at(), what + " must be a list (each item on a line starting with '- '), found "
          + entry.value().describe());
      return Optional.empty();
    }

    private Optional<LocalDate> date(Entry entry, String where) {
      return required(entry, where).flatMap(text -> {
        try {
          return Optional.of(LocalDate.parse(text.text()));
        } catch (DateTimeParseException e) {
          problem(text.at(), where + ": " + entry.key() + " '" + text.text()
              + "' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31");
          return Optional.empty();
        }
      });
    }

    /** Builds a value, noting a broken invariant as a mistake at {@code at} instead of throwing. */
    private <T> T build(java.util.function.Supplier<T> builder, Location at) {
      try {
        return builder.get();
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (problems.isEmpty()) {
          problem(at, e.getMessage());
        }
        return null;
      }
    }
  }
}
