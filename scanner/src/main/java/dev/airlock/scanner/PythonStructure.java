package dev.airlock.scanner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Python's block structure, from a lexer that follows the language reference (strings with every
 * prefix and triple quotes, comments, explicit and implicit line joining, indentation): which
 * function bodies run when the module is imported and which only when someone calls them.
 *
 * <p>Module and class bodies run on import. A function body runs on import only when the function
 * is referred to from code that runs on import (called, passed as a thread target, registered with
 * atexit, ...), found by name until nothing more is reached; the body of
 * {@code if __name__ == "__main__":} runs only when the file is started as a program. What remains is
 * library code: it runs only if a caller chooses to.
 */
final class PythonStructure {
  /**
   * A def, a {@code __main__} block, or an inert string statement (a docstring: it does nothing, so
   * a command written in it is text, not code): where its body is, and its name. Only defs can be
   * reached; the others never run on import.
   */
  record Block(String name, int bodyStart, int bodyEnd, boolean main) {}

  private final String text;
  private final Lexed lexed;
  private final List<Block> blocks;
  private final char[] importTime;
  private final Set<String> importTimeNames;

  private PythonStructure(String text, Lexed lexed, char[] importTime, Set<String> names) {
    this.text = text;
    this.lexed = lexed;
    this.blocks = lexed.blocks();
    this.importTime = importTime;
    this.importTimeNames = names;
  }

  /** The text with library-only function bodies and {@code __main__} blocks blanked (line ends kept). */
  String importTimeText() {
    return new String(importTime);
  }

  /** Names that code running on import calls or hands to a call. */
  Set<String> importTimeNames() {
    return importTimeNames;
  }

  /** Names of the functions left out of the import-time text that contain {@code offset}. */
  List<String> libraryFunctionsAt(int offset) {
    List<String> names = new ArrayList<>();
    for (Block b : blocks) {
      if (!b.main() && offset >= b.bodyStart() && offset < b.bodyEnd() && importTime.length > 0
          && isBlank(b)) {
        names.add(b.name());
      }
    }
    return names;
  }

  private boolean isBlank(Block b) {
    for (int i = b.bodyStart(); i < b.bodyEnd(); i++) {
      if (importTime[i] != text.charAt(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For every function defined in the file: the names its body calls or hands to a call (nested functions
   * included), so calls can be followed from file to file by name.
   */
  java.util.Map<String, Set<String>> functionReferences() {
    java.util.Map<String, Set<String>> out = new java.util.HashMap<>();
    List<Name> names = lexed.names();
    for (Block b : lexed.blocks()) {
      if (b.main() || b.name().isEmpty()) {
        continue;
      }
      Set<String> refs = out.computeIfAbsent(b.name(), k -> new HashSet<>());
      for (int k = firstAtOrAfter(names, b.bodyStart()); k < names.size() && names.get(k).start() < b.bodyEnd(); k++) {
        refs.add(names.get(k).text());
      }
    }
    return out;
  }

  private static int firstAtOrAfter(List<Name> names, int offset) {
    int lo = 0;
    int hi = names.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (names.get(mid).start() < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Every name the file calls or hands to a call, wherever it stands (setup.py: all of it runs at install). */
  Set<String> allNames() {
    Set<String> names = new HashSet<>();
    lexed.names().forEach(n -> names.add(n.text()));
    return names;
  }


  /** Reads {@code text}; extra names (referred to at import time by other files) also reach functions. */
  static PythonStructure of(String text, Set<String> reachedFromElsewhere) {
    Lexed lexed = lex(text);
    List<Block> blocks = lexed.blocks;
    boolean[] reached = new boolean[blocks.size()];
    char[] out = blank(text, blocks, reached);
    Set<String> names = new HashSet<>();
    while (true) {
      names.clear();
      collectNames(lexed, out, names);
      names.addAll(reachedFromElsewhere);
      boolean changed = false;
      for (int i = 0; i < blocks.size(); i++) {
        if (!reached[i] && !blocks.get(i).main() && names.contains(blocks.get(i).name())
            && enclosingReached(blocks, reached, i)) {
          reached[i] = true;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      out = blank(text, blocks, reached);
    }
    names.removeAll(reachedFromElsewhere);
    return new PythonStructure(text, lexed, out, Set.copyOf(names));
  }

  /** A nested def is reached only through its enclosing def. */
  private static boolean enclosingReached(List<Block> blocks, boolean[] reached, int i) {
    Block b = blocks.get(i);
    for (int j = 0; j < blocks.size(); j++) {
      Block outer = blocks.get(j);
      if (j != i && outer.bodyStart() <= b.bodyStart() && outer.bodyEnd() >= b.bodyEnd()
          && !(outer.bodyStart() == b.bodyStart() && outer.bodyEnd() == b.bodyEnd())
          && (outer.main() || !reached[j])) {
        return false;
      }
    }
    return true;
  }

  private static char[] blank(String text, List<Block> blocks, boolean[] reached) {
    char[] out = text.toCharArray();
    for (int i = 0; i < blocks.size(); i++) {
      if (!reached[i]) {
        Block b = blocks.get(i);
        for (int k = b.bodyStart(); k < b.bodyEnd(); k++) {
          if (out[k] != '\n') {
            out[k] = ' ';
          }
        }
      }
    }
    return out;
  }

  /** Identifiers of the still-visible code, outside strings, comments, import lines and def/class names. */
  private static void collectNames(Lexed lexed, char[] visible, Set<String> names) {
    for (Name n : lexed.names) {
      if (visible[n.start()] != ' ') {
        names.add(n.text());
      }
    }
  }

  // ------------------------------------------------------------------------------------- lexer

  private record Name(String text, int start) {}

  private record Lexed(List<Block> blocks, List<Name> names) {}

  /** An open def or __main__ block whose body has not ended yet. */
  private static final class Open {
    final String name;
    final int indent;
    final boolean main;
    int bodyStart = -1;

    Open(String name, int indent, boolean main) {
      this.name = name;
      this.indent = indent;
      this.main = main;
    }
  }

  private static Lexed lex(String s) {
    List<Block> blocks = new ArrayList<>();
    List<Name> names = new ArrayList<>();
    List<Open> open = new ArrayList<>();
    int n = s.length();
    int i = 0;
    int depth = 0; // brackets: inside them, line ends do not end the logical line
    boolean lineStart = true;
    List<String> lineWords = new ArrayList<>(); // the first words of the logical line
    boolean importLine = false;
    Open pendingHeader = null; // a def/main header whose colon has not been seen yet
    int inertStart = -1; // a logical line made of string literals only starts here
    int lastLineEnd = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (lineStart) {
        // measure indentation of a new logical line
        int col = 0;
        int j = i;
        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\f')) {
          col = s.charAt(j) == '\t' ? (col / 8 + 1) * 8 : s.charAt(j) == '\f' ? 0 : col + 1;
          j++;
        }
        if (j >= n) {
          break;
        }
        char d = s.charAt(j);
        if (d == '\n' || d == '\r' || d == '#') {
          // blank or comment-only line: no indentation meaning
          int end = s.indexOf('\n', j);
          i = end < 0 ? n : end + 1;
          continue;
        }
        // close every block whose body this line is not part of
        for (int k = open.size() - 1; k >= 0; k--) {
          Open o = open.get(k);
          if (o.bodyStart >= 0 && col <= o.indent) {
            blocks.add(new Block(o.name, o.bodyStart, lastLineEnd, o.main));
            open.remove(k);
          }
        }
        lineStart = false;
        inertStart = stringEnd(s, j) > j ? j : -1;
        lineWords.clear();
        importLine = false;
        pendingHeader = null;
        i = j;
        // decide what the line is from its first words
        String w1 = word(s, j);
        String w2 = w1 == null ? null : word(s, skipSpaces(s, j + w1.length()));
        if ("async".equals(w1) && "def".equals(w2)) {
          int at = skipSpaces(s, j + 5);
          at = skipSpaces(s, at + 3);
          pendingHeader = new Open(orEmpty(word(s, at)), col, false);
        } else if ("def".equals(w1)) {
          pendingHeader = new Open(orEmpty(word(s, skipSpaces(s, j + 3))), col, false);
        } else if ("if".equals(w1) && isMainGuard(s, j)) {
          pendingHeader = new Open("__main__", col, true);
        }
        importLine = "import".equals(w1) || ("from".equals(w1) && s.startsWith("import", nextWordAfterModule(s, j)));
        if (pendingHeader != null) {
          open.add(pendingHeader);
        }
        continue;
      }
      if (c == '#') {
        int end = s.indexOf('\n', i);
        i = end < 0 ? n : end;
        continue;
      }
      if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
        i += s.charAt(i + 1) == '\r' && i + 2 < n && s.charAt(i + 2) == '\n' ? 3 : 2; // explicit line joining
        continue;
      }
      if (c == '\n') {
        if (depth == 0) {
          if (inertStart >= 0) {
            blocks.add(new Block("", inertStart, i, true));
          }
          lineStart = true;
          lastLineEnd = i + 1;
          if (pendingHeader != null && pendingHeader.bodyStart < 0) {
            open.remove(pendingHeader); // a header without its colon: not a block after all
          }
        }
        i++;
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && stringEnd(s, i) == i) {
        inertStart = -1; // anything but a string: the line does something
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
        i++;
        continue;
      }
      if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
        i++;
        continue;
      }
      if (c == ':' && depth == 0 && pendingHeader != null && pendingHeader.bodyStart < 0) {
        pendingHeader.bodyStart = i + 1; // the body starts right after the header's colon
        i++;
        continue;
      }
      int stringEnd = stringEnd(s, i);
      if (stringEnd > i) {
        i = stringEnd;
        continue;
      }
      if (Character.isJavaIdentifierStart(c)) {
        int j = i + 1;
        while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) {
          j++;
        }
        String w = s.substring(i, j);
        boolean defName = pendingHeader != null && !pendingHeader.main && pendingHeader.bodyStart < 0
            && w.equals(pendingHeader.name) && lineWords.size() <= 2;
        if (!importLine && !defName && !isKeyword(w)) {
          boolean inHeader = pendingHeader != null && !pendingHeader.main && pendingHeader.bodyStart < 0;
          if (!inHeader && isCalledOrPassed(s, i, j, depth)) { // a default value in a def header calls nothing
            names.add(new Name(w, i));
          }
        }
        if (lineWords.size() < 3) {
          lineWords.add(w);
        }
        i = j;
        continue;
      }
      i++;
    }
    for (int k = open.size() - 1; k >= 0; k--) {
      Open o = open.get(k);
      if (o.bodyStart >= 0) {
        blocks.add(new Block(o.name, o.bodyStart, n, o.main));
      }
    }
    return new Lexed(blocks, names);
  }

  /**
   * Whether the name at {@code [start, end)} is called ({@code f(}), decorates ({@code @f}) or is
   * handed to a call ({@code Thread(target=f)}, {@code atexit.register(f)}): only then can it make
   * a function run. Aliasing ({@code connect = Connect}) and attribute reads do not.
   */
  private static boolean isCalledOrPassed(String s, int start, int end, int depth) {
    int next = skipSpaces(s, end);
    if (next < s.length() && s.charAt(next) == '(') {
      return true;
    }
    int before = start - 1;
    while (before >= 0 && (s.charAt(before) == ' ' || s.charAt(before) == '\t')) {
      before--;
    }
    char prev = before >= 0 ? s.charAt(before) : '\n';
    if (prev == '@') {
      return true;
    }
    if (depth > 0 && (prev == '(' || prev == ',' || prev == '=') && next < s.length()
        && (s.charAt(next) == ',' || s.charAt(next) == ')')) {
      return !(prev == '=' && before > 0 && "=!<>".indexOf(s.charAt(before - 1)) >= 0);
    }
    return false;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static int nextWordAfterModule(String s, int j) {
    int at = skipSpaces(s, j + 4);
    while (at < s.length() && !Character.isWhitespace(s.charAt(at))) {
      at++;
    }
    return skipSpaces(s, at);
  }

  /** {@code if __name__ == "__main__":} (either quote, either order). */
  private static boolean isMainGuard(String s, int j) {
    int end = s.indexOf('\n', j);
    String line = s.substring(j, end < 0 ? s.length() : end);
    return line.contains("__name__") && (line.contains("'__main__'") || line.contains("\"__main__\""));
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static String word(String s, int i) {
    if (i >= s.length() || !Character.isJavaIdentifierStart(s.charAt(i))) {
      return null;
    }
    int j = i + 1;
    while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
      j++;
    }
    return s.substring(i, j);
  }

  private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
      "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
      "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
      "while", "with", "yield", "self", "print");

  private static boolean isKeyword(String w) {
    return KEYWORDS.contains(w);
  }

  /** If a string literal (with any prefix) starts at {@code i}, the offset after it; else {@code i}. */
  static int stringEnd(String s, int i) {
    int n = s.length();
    int q = i;
    while (q < n && q - i < 2 && "rRbBuUfF".indexOf(s.charAt(q)) >= 0) {
      q++;
    }
    if (q >= n || (s.charAt(q) != '\'' && s.charAt(q) != '"')) {
      return i;
    }
    if (q > i && i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
      return i; // the letters belong to a longer name
    }
    char quote = s.charAt(q);
    boolean triple = q + 2 < n && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote;
    int j = q + (triple ? 3 : 1);
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2; // an escaped character, raw strings included (r"\"" does not end at the second quote)
        continue;
      }
      if (!triple && c == '\n') {
        return j; // an unterminated one-line string ends at the line end
      }
      if (c == quote) {
        if (!triple) {
          return j + 1;
        }
        if (j + 2 < n && s.charAt(j + 1) == quote && s.charAt(j + 2) == quote) {
          return j + 3;
        }
      }
      j++;
    }
    return n;
  }
}
