package dev.airlock.scanner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The built-in scanner's rules as data: the pattern rules it evaluates and the text (title,
 * severity, description, recommendation) of every rule id it can report, read from {@code rules.yaml}.
 */
final class RuleSet {
  /** The rule file shipped with Airlock. */
  static final String RESOURCE = "rules.yaml";

  /**
   * One item of a rule's {@code when}: alternatives that must match somewhere in the file;
   * {@code starts} holds, per pattern, the literals its matches start with, when they can be told.
   */
  record Condition(int index, List<String> hints, List<Pattern> patterns, int minCount, int encodedRun,
      List<Optional<PatternStarts>> starts) {
    Condition(int index, List<String> hints, List<Pattern> patterns, int minCount, int encodedRun) {
      this(index, hints, patterns, minCount, encodedRun,
          patterns.stream().map(p -> PatternStarts.of(p.pattern())).toList());
    }
  }

  /** Where a rule's match must run for the rule's severity to apply (see docs/rules.md, reachability). */
  enum Reach {
    /** A true indicator (an exfiltration endpoint, a decoded payload): full severity wherever it is. */
    ANYWHERE,
    /**
     * Capability and threat: full severity in code that runs at install time or on import; LOW
     * inside library functions nothing calls on import, and in test, example and documentation folders.
     */
    WEIGHTED,
    /** Only in files that run at install time (setup.py, .pth, npm install scripts and what they run). */
    INSTALL
  }

  /** One entry of the rule file. */
  record Rule(String id, String title, Severity severity, Optional<Severity> bundleSeverity, String description,
      String recommendation, List<String> files, List<Condition> when, boolean coded, Reach reach) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  private record ConditionSpec(List<String> hints, List<String> patterns,
      @JsonProperty("min-count") Integer minCount, @JsonProperty("encoded-run") Integer encodedRun) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  private record RuleSpec(String id, String title, Severity severity,
      @JsonProperty("bundle-severity") Severity bundleSeverity, String description, String recommendation,
      List<String> files, List<JsonNode> when, Boolean coded, String reach) {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  private record FileSpec(Map<String, ConditionSpec> conditions, List<RuleSpec> rules) {}

  private final List<Rule> rules;
  private final List<Condition> conditions;
  private final Map<String, Rule> byId;
  private final HintIndex hints;
  private final List<String> fileKinds;

  private RuleSet(List<Rule> rules, List<Condition> conditions) {
    this.rules = List.copyOf(rules);
    this.conditions = List.copyOf(conditions);
    Map<String, Rule> first = new LinkedHashMap<>();
    rules.forEach(r -> first.putIfAbsent(r.id(), r));
    this.byId = first;
    this.hints = new HintIndex(this.conditions);
    this.fileKinds = rules.stream().filter(r -> !r.coded()).flatMap(r -> r.files().stream()).distinct().toList();
  }

  /** The hints of every condition, for one-pass search. */
  HintIndex hints() {
    return hints;
  }

  /** The pattern rules that read a file of some kinds, and the conditions they need. */
  record Selection(List<Rule> rules, BitSet wanted) {}

  private final Map<BitSet, Selection> selections = new java.util.concurrent.ConcurrentHashMap<>();

  /** The file kinds the pattern rules name, each once (an index into it is a bit of {@link #select}). */
  List<String> fileKinds() {
    return fileKinds;
  }

  /**
   * The pattern rules, in file order, that read a file matching the kinds in {@code kinds} (bits
   * indexing {@link #fileKinds()}), and the conditions they need. Few sets of kinds occur, so each
   * is worked out once instead of per file and rule.
   */
  Selection select(BitSet kinds) {
    Selection kept = selections.get(kinds);
    if (kept != null) {
      return kept;
    }
    BitSet key = (BitSet) kinds.clone();
    return selections.computeIfAbsent(key, k -> {
      List<Rule> applicable = new ArrayList<>();
      BitSet wanted = new BitSet();
      for (Rule rule : rules) {
        if (!rule.coded() && rule.files().stream().anyMatch(kind -> key.get(fileKinds.indexOf(kind)))) {
          applicable.add(rule);
          rule.when().forEach(c -> wanted.set(c.index()));
        }
      }
      return new Selection(List.copyOf(applicable), wanted);
    });
  }

  /** Distinct condition sets past which {@link #hints(BitSet)} stops keeping an index per set. */
  private static final int MAX_KEPT_INDEXES = 64;
  private final Map<BitSet, HintIndex> hintsBySet = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The hints of the {@code wanted} conditions only: a JSON file, read for secrets, does not stop at
   * every {@code exec}. Files of one kind want the same set, so there are few; each is built once.
   */
  HintIndex hints(BitSet wanted) {
    HintIndex kept = hintsBySet.get(wanted);
    if (kept != null) {
      return kept;
    }
    if (hintsBySet.size() >= MAX_KEPT_INDEXES) {
      return hints;
    }
    BitSet key = (BitSet) wanted.clone();
    return hintsBySet.computeIfAbsent(key, k -> new HintIndex(conditions, key));
  }

  /** The rules shipped with Airlock (parsed once; a rule set is immutable). */
  static RuleSet builtin() {
    return Builtin.RULES;
  }

  /** Holds the parsed built-in rules, loaded on first use. */
  private static final class Builtin {
    static final RuleSet RULES = load();
  }

  private static RuleSet load() {
    try (InputStream in = RuleSet.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("rule file " + RESOURCE + " is missing from the class path");
      }
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("rule file " + RESOURCE + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a rule file; every problem names the rule and what is wrong. */
  static RuleSet parse(InputStream in, String source) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    FileSpec file = yaml.readValue(in, FileSpec.class);
    if (file.rules() == null || file.rules().isEmpty()) {
      throw new IllegalArgumentException(source + ": no rules");
    }
    List<Rule> rules = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    Map<String, Condition> shared = new HashMap<>();
    for (RuleSpec spec : file.rules()) {
      String where = source + ": rule " + spec.id();
      require(spec.id() != null && spec.id().matches("AIRLOCK-[A-Z0-9-]+"), where + ": id must look like AIRLOCK-NAME");
      require(spec.title() != null && !spec.title().isBlank(), where + ": title is missing");
      require(spec.severity() != null, where + ": severity is missing");
      require(spec.description() != null && !spec.description().isBlank(), where + ": description is missing");
      require(spec.recommendation() != null && !spec.recommendation().isBlank(), where + ": recommendation is missing");
      boolean coded = Boolean.TRUE.equals(spec.coded());
      List<Condition> when = new ArrayList<>();
      if (coded) {
        require(spec.when() == null, where + ": a coded rule has no 'when'");
      } else {
        require(spec.files() != null && !spec.files().isEmpty(), where + ": files is missing");
        require(spec.when() != null && !spec.when().isEmpty(), where + ": when is missing");
        for (JsonNode item : spec.when()) {
          ConditionSpec c;
          if (item.isTextual()) {
            c = file.conditions() == null ? null : file.conditions().get(item.asText());
            require(c != null, where + ": condition " + item.asText() + " is not defined under 'conditions'");
          } else {
            c = yaml.treeToValue(item, ConditionSpec.class);
          }
          require((c.patterns() != null && !c.patterns().isEmpty()) != (c.encodedRun() != null),
              where + ": an item of 'when' needs patterns or encoded-run (one of them)");
          String key = c.hints() + "|" + c.patterns() + "|" + c.minCount() + "|" + c.encodedRun();
          Condition condition = shared.get(key);
          if (condition == null) {
            List<Pattern> compiled = new ArrayList<>();
            for (String p : c.patterns() == null ? List.<String>of() : c.patterns()) {
              try {
                compiled.add(Pattern.compile(p));
              } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ": pattern " + p + " is invalid: " + e.getDescription(), e);
              }
            }
            condition = new Condition(conditions.size(), c.hints() == null ? List.of() : List.copyOf(c.hints()),
                List.copyOf(compiled), c.minCount() == null ? 1 : c.minCount(),
                c.encodedRun() == null ? 0 : c.encodedRun());
            require(condition.minCount() >= 1, where + ": min-count must be 1 or more");
            shared.put(key, condition);
            conditions.add(condition);
          }
          when.add(condition);
        }
        spec.files().forEach(f -> require(FileKinds.isKnown(f), where + ": unknown file kind " + f));
      }
      Reach reach = Reach.ANYWHERE;
      if (spec.reach() != null) {
        require(spec.reach().matches("anywhere|weighted|install"),
            where + ": reach must be anywhere, weighted or install, not " + spec.reach());
        reach = Reach.valueOf(spec.reach().toUpperCase(java.util.Locale.ROOT));
      }
      rules.add(new Rule(spec.id(), spec.title().strip(), spec.severity(), Optional.ofNullable(spec.bundleSeverity()),
          spec.description().strip(), spec.recommendation().strip(),
          spec.files() == null ? List.of() : List.copyOf(spec.files()), List.copyOf(when), coded, reach));
    }
    return new RuleSet(rules, conditions);
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Every entry, in file order (an id may have a stronger and a weaker entry). */
  List<Rule> rules() {
    return rules;
  }

  /** Every distinct pattern condition, indexed by {@link Condition#index()}. */
  List<Condition> conditions() {
    return conditions;
  }

  /** The first entry with this id (the text a coded check reports with). */
  Rule rule(String id) {
    Rule rule = byId.get(id);
    if (rule == null) {
      throw new IllegalStateException("rule " + id + " is not in " + RESOURCE);
    }
    return rule;
  }

  /** The rule ids, each once, in file order. */
  List<String> ids() {
    return List.copyOf(byId.keySet());
  }
}
