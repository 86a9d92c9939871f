package dev.airlock.adapter.osv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the scanner keeps of one OSV record: enough to report it on any package it affects.
 *
 * @param id the OSV id ({@code GHSA-...}, {@code PYSEC-...}, {@code MAL-...}): the finding's rule id,
 *     so a waiver names it
 * @param aliases other ids of the same advisory (CVE, GHSA)
 * @param summary a one-line summary, possibly empty
 * @param details the longer text, clipped
 * @param malicious whether it reports a malicious package
 * @param rating the severity and what it was read from
 * @param affected per affected package ({@code ecosystem:name}), the versions that fix it
 */
record Advisory(String id, List<String> aliases, String summary, String details, boolean malicious,
    SeverityRating.Rated rating, List<Affected> affected) {
  private static final int MAX_DETAILS = 800;

  /** One affected package and the versions its ranges say fix the advisory. */
  record Affected(String ecosystem, String name, List<String> fixedIn) {}

  static Advisory of(JsonNode vuln) {
    List<String> aliases = new ArrayList<>();
    vuln.path("aliases").forEach(a -> aliases.add(a.asText()));
    List<Affected> affected = new ArrayList<>();
    for (JsonNode a : vuln.path("affected")) {
      Set<String> fixed = new LinkedHashSet<>();
      for (JsonNode range : a.path("ranges")) {
        for (JsonNode event : range.path("events")) {
          if (event.hasNonNull("fixed")) {
            fixed.add(event.path("fixed").asText());
          }
        }
      }
      affected.add(new Affected(a.path("package").path("ecosystem").asText(""), a.path("package").path("name").asText(""),
          List.copyOf(fixed)));
    }
    String details = vuln.path("details").asText("").strip();
    return new Advisory(vuln.path("id").asText(), List.copyOf(aliases), firstLine(vuln.path("summary").asText("")),
        details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS - 1) + "…",
        SeverityRating.isMalicious(vuln), SeverityRating.rate(vuln), List.copyOf(affected));
  }

  /** The finding this advisory makes on {@code coordinates}. */
  Finding finding(PackageCoordinates coordinates) {
    String title = !summary.isEmpty() ? summary
        : malicious ? "Malicious package report for " + coordinates.name()
        : !details.isEmpty() ? firstLine(details) : "Known vulnerability " + id;
    StringBuilder description = new StringBuilder();
    description.append(malicious ? "OSV reports " : "OSV lists ").append(coordinates).append(malicious
        ? " as malicious (" : " as affected by ").append(id).append(malicious ? ")." : ".");
    if (!aliases.isEmpty()) {
      description.append(" Also known as ").append(String.join(", ", aliases)).append('.');
    }
    description.append(" Severity from ").append(rating.source()).append('.');
    if (!details.isEmpty()) {
      description.append("\n").append(details);
    }
    List<String> fixes = fixedIn(coordinates);
    String recommendation = malicious
        ? "Do not install it. Where it was installed, remove it and rotate every credential that machine held."
        : fixes.isEmpty() ? "No fixed version is known; ask InfoSec before using it, or request another package."
        : "Request a fixed version instead: " + String.join(", ", fixes) + ".";
    return Finding.builder()
        .ruleId(id)
        .title(title)
        .severity(rating.severity())
        .description(description.toString())
        .recommendation(recommendation)
        .scanner(OsvScanner.ID)
        .build();
  }

  Severity severity() {
    return rating.severity();
  }

  private List<String> fixedIn(PackageCoordinates coordinates) {
    String wanted = normal(coordinates.ecosystem(), coordinates.name());
    return affected.stream()
        .filter(a -> a.ecosystem().equalsIgnoreCase(coordinates.ecosystem().osvName())
            && normal(coordinates.ecosystem(), a.name()).equals(wanted))
        .flatMap(a -> a.fixedIn().stream()).distinct().toList();
  }

  private static String normal(Ecosystem ecosystem, String name) {
    return ecosystem == Ecosystem.PYPI ? PackageNames.normalise(name) : name.toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 199) + "…";
  }
}
