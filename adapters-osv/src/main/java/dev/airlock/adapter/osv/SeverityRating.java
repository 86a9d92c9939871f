package dev.airlock.adapter.osv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.domain.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Puts one OSV record on Airlock's severity scale. A malicious-package report ({@code MAL-} id or
 * alias) is CRITICAL. Otherwise every rating the record carries counts and the worst wins: CVSS v3
 * vectors (scored here), numeric scores, and the words of {@code database_specific.severity} and
 * {@code ecosystem_specific.severity} (GitHub's MODERATE is MEDIUM), on the record and on each
 * affected package. A record with no rating at all is MEDIUM: a known advisory is refused at the
 * default threshold until InfoSec looks at it.
 */
final class SeverityRating {
  /** The severity of a record that rates itself nowhere. */
  static final Severity UNRATED = Severity.MEDIUM;

  private SeverityRating() {}

  /** A severity and what it was read from. */
  record Rated(Severity severity, String source) {}

  static boolean isMalicious(JsonNode vuln) {
    if (vuln.path("id").asText("").startsWith("MAL-")) {
      return true;
    }
    for (JsonNode alias : vuln.path("aliases")) {
      if (alias.asText("").startsWith("MAL-")) {
        return true;
      }
    }
    return false;
  }

  static Rated rate(JsonNode vuln) {
    if (isMalicious(vuln)) {
      return new Rated(Severity.CRITICAL, "malicious-package report");
    }
    List<Rated> candidates = new ArrayList<>();
    scores(vuln.path("severity"), candidates);
    word(vuln.path("database_specific").path("severity"), "database_specific", candidates);
    for (JsonNode affected : vuln.path("affected")) {
      scores(affected.path("severity"), candidates);
      word(affected.path("database_specific").path("severity"), "database_specific", candidates);
      word(affected.path("ecosystem_specific").path("severity"), "ecosystem_specific", candidates);
    }
    return candidates.stream().max(Comparator.comparing(Rated::severity))
        .orElse(new Rated(UNRATED, "no rating in the OSV record"));
  }

  private static void scores(JsonNode severities, List<Rated> out) {
    for (JsonNode s : severities) {
      String type = s.path("type").asText("");
      String score = s.path("score").asText("").strip();
      OptionalDouble value = Cvss3.baseScore(score);
      if (value.isEmpty()) {
        value = number(score);
      }
      if (value.isPresent()) {
        out.add(new Rated(fromScore(value.getAsDouble()), type + " " + value.getAsDouble()));
      } else {
        fromWord(score).ifPresent(sev -> out.add(new Rated(sev, type + " " + score)));
      }
    }
  }

  private static void word(JsonNode node, String where, List<Rated> out) {
    if (node.isTextual()) {
      fromWord(node.asText()).ifPresent(sev -> out.add(new Rated(sev, where + " " + node.asText())));
    }
  }

  private static OptionalDouble number(String text) {
    try {
      double d = Double.parseDouble(text);
      return d >= 0 && d <= 10 ? OptionalDouble.of(d) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** CVSS's qualitative scale: a score of 0 is None, shown here as INFO. */
  static Severity fromScore(double score) {
    if (score >= 9.0) {
      return Severity.CRITICAL;
    }
    if (score >= 7.0) {
      return Severity.HIGH;
    }
    if (score >= 4.0) {
      return Severity.MEDIUM;
    }
    return score > 0 ? Severity.LOW : Severity.INFO;
  }

  static Optional<Severity> fromWord(String word) {
    return Optional.ofNullable(switch (word.strip().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> Severity.CRITICAL;
      case "HIGH", "IMPORTANT" -> Severity.HIGH;
      case "MODERATE", "MEDIUM" -> Severity.MEDIUM;
      case "LOW" -> Severity.LOW;
      case "NEGLIGIBLE", "NONE", "INFO" -> Severity.INFO;
      default -> null;
    });
  }
}
