package dev.airlock.adapter.aws.inspector;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a PEP 508 requirement ({@code requests[socks] == 2.31.0 ; python_version > "3.8"}) into a dependency. */
final class Pep508 {
  private static final Pattern REQUIREMENT = Pattern.compile(
      "^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*([^;]*)(?:;(.*))?$");
  private static final Pattern EXACT = Pattern.compile("^\\(?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\\s*\\)?$");
  private static final Pattern EXTRA_MARKER = Pattern.compile("\\bextra\\s*==");

  private Pep508() {}

  /** The dependency {@code text} names, pinned when its only specifier is {@code ==} or {@code ===} a full version. */
  static Optional<Dependency> parse(String text, String manifest, boolean optional) {
    Matcher m = REQUIREMENT.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String spec = m.group(2).strip();
    String marker = m.group(3) == null ? "" : m.group(3);
    Optional<String> version = Optional.empty();
    Matcher exact = EXACT.matcher(spec);
    if (exact.matches() && !exact.group(1).contains("*")) {
      version = Optional.of(exact.group(1));
    }
    return Optional.of(Dependency.python(m.group(1), version, manifest,
        optional || EXTRA_MARKER.matcher(marker).find()));
  }
}
