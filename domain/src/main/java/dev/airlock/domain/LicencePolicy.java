package dev.airlock.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Which licences InfoSec accepts, judged on the SPDX expression a package's metadata declares. A
 * licence on {@link #deny()} refuses; when {@link #allow()} is not empty, a licence not on it refuses
 * too. {@code OR} is a choice, so it passes when one side passes; {@code AND} passes only when every
 * side does. An entry ending in {@code *} matches every id that starts with what precedes it
 * ({@code GPL-*}, {@code AGPL-*}); ids are compared ignoring case, and {@code GPL-2.0+} counts as
 * {@code GPL-2.0-or-later}. A package with no licence, or one that is not an SPDX expression, is
 * judged by {@link #unknown()}.
 */
@Value.Immutable
public abstract class LicencePolicy {
  /** What to do with a package whose licence is not known. */
  public enum Unknown {
    /** Refuse it: nothing is published without a known, accepted licence. */
    REFUSE,
    /** Let it through, reported for InfoSec to review. */
    REVIEW
  }

  /** How a licence fares; later constants are worse. */
  public enum Standing {
    ALLOWED,
    NOT_ALLOWED,
    DENIED
  }

  /** The verdict on a declared licence: its standing and the ids that decided it. */
  public record Judgement(Standing standing, List<String> ids) {}

  public abstract List<String> allow();

  public abstract List<String> deny();

  @Value.Default
  public Unknown unknown() {
    return Unknown.REFUSE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How {@code expression} fares, with the licence ids that make it so. */
  public Judgement judge(SpdxExpression expression) {
    return switch (expression) {
      case SpdxExpression.Licence l -> new Judgement(standing(l.id()), List.of(l.id()));
      case SpdxExpression.All all -> {
        List<Judgement> parts = all.parts().stream().map(this::judge).toList();
        Standing worst = parts.stream().map(Judgement::standing).max(Comparator.naturalOrder()).orElseThrow();
        yield new Judgement(worst, ids(parts, worst));
      }
      case SpdxExpression.AnyOf any -> {
        List<Judgement> parts = any.parts().stream().map(this::judge).toList();
        Standing best = parts.stream().map(Judgement::standing).min(Comparator.naturalOrder()).orElseThrow();
        yield new Judgement(best, ids(parts, best));
      }
    };
  }

  private static List<String> ids(List<Judgement> parts, Standing standing) {
    List<String> ids = new ArrayList<>();
    parts.stream().filter(p -> p.standing() == standing).forEach(p -> ids.addAll(p.ids()));
    return ids;
  }

  private Standing standing(String id) {
    if (deny().stream().anyMatch(entry -> matches(entry, id))) {
      return Standing.DENIED;
    }
    if (!allow().isEmpty() && allow().stream().noneMatch(entry -> matches(entry, id))) {
      return Standing.NOT_ALLOWED;
    }
    return Standing.ALLOWED;
  }

  /** Whether the policy's {@code entry} names licence {@code id}. */
  static boolean matches(String entry, String id) {
    String e = entry.strip().toLowerCase(Locale.ROOT);
    for (String candidate : List.of(id.toLowerCase(Locale.ROOT), orLater(id).toLowerCase(Locale.ROOT))) {
      if (e.endsWith("*") ? candidate.startsWith(e.substring(0, e.length() - 1)) : candidate.equals(e)) {
        return true;
      }
    }
    return false;
  }

  private static String orLater(String id) {
    return id.endsWith("+") ? id.substring(0, id.length() - 1) + "-or-later" : id;
  }

  /** What is wrong with {@code entry} as an allow or deny entry, if anything. */
  public static Optional<String> entryProblem(String entry) {
    String bare = entry.strip().endsWith("*") ? entry.strip().substring(0, entry.strip().length() - 1) : entry.strip();
    if (bare.isEmpty() || !bare.matches("[A-Za-z0-9][A-Za-z0-9.+:-]*")) {
      return Optional.of("'" + entry + "' is not an SPDX licence id (such as MIT, Apache-2.0, GPL-3.0-only) nor an"
          + " id prefix ending in * (such as GPL-*)");
    }
    return Optional.empty();
  }

  /** Builds a {@link LicencePolicy}. */
  public static final class Builder extends ImmutableLicencePolicy.Builder {}
}
