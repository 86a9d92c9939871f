package dev.airlock.adapter.osv;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The base score of a CVSS v3.0 or v3.1 vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}),
 * computed as the FIRST specification (v3.1, section 7) defines it; the qualitative rating then
 * follows its table (0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0 Critical).
 */
final class Cvss3 {
  private Cvss3() {}

  /** The base score, or empty when {@code vector} is not a complete v3.x vector. */
  static OptionalDouble baseScore(String vector) {
    Optional<Map<String, String>> parsed = parse(vector);
    if (parsed.isEmpty()) {
      return OptionalDouble.empty();
    }
    Map<String, String> m = parsed.get();
    boolean changed = m.get("S").equals("C");
    Double av = switch (m.get("AV")) {
      case "N" -> 0.85;
      case "A" -> 0.62;
      case "L" -> 0.55;
      case "P" -> 0.2;
      default -> null;
    };
    Double ac = switch (m.get("AC")) {
      case "L" -> 0.77;
      case "H" -> 0.44;
      default -> null;
    };
    Double pr = switch (m.get("PR")) {
      case "N" -> 0.85;
      case "L" -> changed ? 0.68 : 0.62;
      case "H" -> changed ? 0.5 : 0.27;
      default -> null;
    };
    Double ui = switch (m.get("UI")) {
      case "N" -> 0.85;
      case "R" -> 0.62;
      default -> null;
    };
    Double c = cia(m.get("C"));
    Double i = cia(m.get("I"));
    Double a = cia(m.get("A"));
    if (av == null || ac == null || pr == null || ui == null || c == null || i == null || a == null
        || !(changed || m.get("S").equals("U"))) {
      return OptionalDouble.empty();
    }
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0) {
      return OptionalDouble.of(0);
    }
    double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
    return OptionalDouble.of(roundUp(Math.min(sum, 10)));
  }

  /** The metrics of a {@code CVSS:3.x/...} vector, when it has every base metric once. */
  private static Optional<Map<String, String>> parse(String vector) {
    if (vector == null || !(vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/"))) {
      return Optional.empty();
    }
    Map<String, String> metrics = new HashMap<>();
    for (String part : vector.substring("CVSS:3.x/".length()).split("/", -1)) {
      String[] kv = part.split(":", 2);
      if (kv.length != 2 || metrics.put(kv[0], kv[1]) != null) {
        return Optional.empty();
      }
    }
    for (String base : new String[] {"AV", "AC", "PR", "UI", "S", "C", "I", "A"}) {
      if (!metrics.containsKey(base)) {
        return Optional.empty();
      }
    }
    return Optional.of(metrics);
  }

  private static Double cia(String value) {
    return switch (value) {
      case "H" -> 0.56;
      case "L" -> 0.22;
      case "N" -> 0.0;
      default -> null;
    };
  }

  /** The specification's Roundup: the smallest number with one decimal that is at least {@code value}. */
  private static double roundUp(double value) {
    long intInput = Math.round(value * 100_000);
    if (intInput % 10_000 == 0) {
      return intInput / 100_000.0;
    }
    return (Math.floor(intInput / 10_000.0) + 1) / 10.0;
  }
}
