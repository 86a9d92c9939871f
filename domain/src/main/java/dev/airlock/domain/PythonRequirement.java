package dev.airlock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 508 dependency specification as {@code Requires-Dist} holds it:
 * {@code name[extra,...] (specifier) ; marker}. A direct URL ({@code name @ https://...}) is read,
 * so that it can be refused by name: the airlock only takes releases through the registry.
 *
 * @param name the project name as written
 * @param extras the extras asked for, normalised
 * @param specifier the versions allowed
 * @param marker the environment marker, when there is one
 * @param url the direct URL, when there is one
 */
public record PythonRequirement(String name, Set<String> extras, PythonSpecifier specifier,
    Optional<PythonMarker> marker, Optional<String> url) {
  private static final Pattern HEAD = Pattern.compile(
      "\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[([^\\]]*)\\])?\\s*(.*)", Pattern.DOTALL);

  /** Parses one requirement. @throws IllegalArgumentException saying what is wrong */
  public static PythonRequirement parse(String text) {
    String spec = text;
    Optional<PythonMarker> marker = Optional.empty();
    int semicolon = markerStart(text);
    if (semicolon >= 0) {
      spec = text.substring(0, semicolon);
      marker = Optional.of(PythonMarker.parse(text.substring(semicolon + 1)));
    }
    Matcher m = HEAD.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text.strip() + "' does not start with a project name");
    }
    Set<String> extras = new TreeSet<>();
    if (m.group(2) != null) {
      for (String extra : m.group(2).split(",", -1)) {
        if (!extra.isBlank()) {
          extras.add(PackageNames.normalise(extra.strip()));
        }
      }
    }
    String rest = m.group(3).strip();
    Optional<String> url = Optional.empty();
    PythonSpecifier specifier = PythonSpecifier.any();
    if (rest.startsWith("@")) {
      url = Optional.of(rest.substring(1).strip());
    } else {
      if (rest.startsWith("(") && rest.endsWith(")")) {
        rest = rest.substring(1, rest.length() - 1);
      }
      specifier = PythonSpecifier.parse(rest);
    }
    return new PythonRequirement(m.group(1), Set.copyOf(extras), specifier, marker, url);
  }

  /** Where the marker starts: a {@code ;} outside quotes (a URL may hold one only when followed by space). */
  private static int markerStart(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ';') {
        return i;
      }
    }
    return -1;
  }

  /** The normalised project name. */
  public String normalisedName() {
    return PackageNames.normalise(name);
  }

  /** Whether this dependency applies in {@code target} for a package installed with {@code extrasAsked}. */
  public boolean appliesTo(PythonTarget target, Set<String> extrasAsked) {
    if (marker.isEmpty()) {
      return true;
    }
    List<String> extrasToTry = new ArrayList<>();
    extrasToTry.add("");
    extrasAsked.forEach(e -> extrasToTry.add(PackageNames.normalise(e)));
    return extrasToTry.stream().anyMatch(extra -> marker.get().evaluate(target.environment(extra)));
  }

  @Override
  public String toString() {
    return name + (extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]") + specifier
        + url.map(u -> " @ " + u).orElse("") + marker.map(mk -> "; " + mk).orElse("");
  }

  /** The lower-case name for sets and maps. */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
