package dev.airlock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPDX licence expression ({@code MIT}, {@code Apache-2.0 OR MIT},
 * {@code (GPL-2.0-or-later WITH Classpath-exception-2.0) AND BSD-3-Clause}) parsed into a tree:
 * licence ids (with an optional {@code +} and {@code WITH} exception) joined by {@code AND} and
 * {@code OR}, {@code AND} binding tighter, parentheses grouping.
 */
public sealed interface SpdxExpression {
  /** One licence, such as {@code GPL-3.0-only}, with the exception {@code WITH} names, if any. */
  record Licence(String id, Optional<String> exception) implements SpdxExpression {}

  /** Every part applies: the user must accept all of them. */
  record All(List<SpdxExpression> parts) implements SpdxExpression {}

  /** A choice: the user may take any one of them. */
  record AnyOf(List<SpdxExpression> parts) implements SpdxExpression {}

  /** Every licence id the expression names. */
  default List<String> ids() {
    List<String> ids = new ArrayList<>();
    collect(this, ids);
    return ids;
  }

  private static void collect(SpdxExpression e, List<String> ids) {
    switch (e) {
      case Licence l -> ids.add(l.id());
      case All a -> a.parts().forEach(p -> collect(p, ids));
      case AnyOf o -> o.parts().forEach(p -> collect(p, ids));
    }
  }

  /** Parses {@code text}, or empty when it is not an SPDX expression (free text such as "BSD License"). */
  static Optional<SpdxExpression> parse(String text) {
    if (text == null || text.isBlank() || text.length() > 500) {
      return Optional.empty();
    }
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9.+:-]+)\\s*").matcher(text);
    int end = 0;
    while (end < text.length() && m.find(end) && m.start() == end) {
      tokens.add(m.group(1));
      end = m.end();
    }
    if (end != text.length()) {
      return Optional.empty();
    }
    Parser parser = new Parser(tokens);
    try {
      SpdxExpression e = parser.or();
      return parser.at == tokens.size() ? Optional.of(e) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A recursive-descent parser over the tokens. */
  final class Parser {
    private static final Pattern ID = Pattern.compile("(?:LicenseRef-|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-)?"
        + "[A-Za-z0-9][A-Za-z0-9.-]*\\+?");
    private final List<String> tokens;
    private int at;

    private Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    private boolean operator(String word) {
      if (at < tokens.size() && tokens.get(at).toUpperCase(Locale.ROOT).equals(word)) {
        at++;
        return true;
      }
      return false;
    }

    SpdxExpression or() {
      List<SpdxExpression> parts = new ArrayList<>(List.of(and()));
      while (operator("OR")) {
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new AnyOf(parts);
    }

    private SpdxExpression and() {
      List<SpdxExpression> parts = new ArrayList<>(List.of(primary()));
      while (operator("AND")) {
        parts.add(primary());
      }
      return parts.size() == 1 ? parts.get(0) : new All(parts);
    }

    private SpdxExpression primary() {
      if (at >= tokens.size()) {
        throw new IllegalArgumentException("expression ends early");
      }
      String token = tokens.get(at++);
      if (token.equals("(")) {
        SpdxExpression inner = or();
        if (at >= tokens.size() || !tokens.get(at++).equals(")")) {
          throw new IllegalArgumentException("unclosed parenthesis");
        }
        return inner;
      }
      String upper = token.toUpperCase(Locale.ROOT);
      if (!ID.matcher(token).matches() || upper.equals("AND") || upper.equals("OR") || upper.equals("WITH")) {
        throw new IllegalArgumentException("not a licence id: " + token);
      }
      Optional<String> exception = Optional.empty();
      if (operator("WITH")) {
        if (at >= tokens.size() || !ID.matcher(tokens.get(at)).matches()) {
          throw new IllegalArgumentException("WITH needs an exception id");
        }
        exception = Optional.of(tokens.get(at++));
      }
      return new Licence(token, exception);
    }
  }
}
