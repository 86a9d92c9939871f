package dev.airlock.scanner;

import com.google.javascript.jscomp.parsing.Config;
import com.google.javascript.jscomp.parsing.ParserRunner;
import com.google.javascript.rhino.ErrorReporter;
import com.google.javascript.rhino.Node;
import com.google.javascript.rhino.SimpleSourceFile;
import com.google.javascript.rhino.StaticSourceFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JavaScript's function structure, from the Closure Compiler's parser (every edition of the
 * language, modules and classes included): which function bodies run when the file is loaded and
 * which only when someone calls them.
 *
 * <p>The top level of a script or module runs on load, and so do functions called on the spot
 * (immediately invoked, {@code .call}/{@code .apply}ed) or handed to a call made on load (callbacks
 * of {@code https.get}, {@code setTimeout}, a UMD factory). A declared, assigned or method function
 * runs on load only when code that runs on load calls it or hands it to a call, found until nothing more is
 * reached. What remains is library code.
 */
final class ScriptStructure {
  private static final Config CONFIG = Config.builder()
      .setLanguageMode(Config.LanguageMode.UNSUPPORTED)
      .setStrictMode(Config.StrictMode.SLOPPY)
      .setJsDocParsingMode(Config.JsDocParsing.TYPES_ONLY)
      .setRunMode(Config.RunMode.KEEP_GOING)
      .build();

  /** One function: where its body is, the name it is known by, and whether it runs where it stands. */
  private record Fn(String name, int bodyStart, int bodyEnd, boolean runsWhereItStands, int parent) {}

  private record Name(String text, int start) {}

  private final char[] loadTime;
  private final List<Fn> functions;
  private final boolean[] reached;
  private final Set<String> loadTimeNames;

  private ScriptStructure(char[] loadTime, List<Fn> functions, boolean[] reached, Set<String> names) {
    this.loadTime = loadTime;
    this.functions = functions;
    this.reached = reached;
    this.loadTimeNames = names;
  }

  /** The text with library-only function bodies blanked (line ends kept). */
  String loadTimeText() {
    return new String(loadTime);
  }

  /** Names that code running on load calls or hands to a call. */
  Set<String> loadTimeNames() {
    return loadTimeNames;
  }

  /** Names of the library functions (not run on load) whose body holds {@code offset}. */
  List<String> libraryFunctionsAt(int offset) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < functions.size(); i++) {
      Fn f = functions.get(i);
      if (!reached[i] && offset >= f.bodyStart() && offset < f.bodyEnd() && !f.name().isEmpty()) {
        names.add(f.name());
      }
    }
    return names;
  }

  /** The structure of {@code text}, or null when it does not parse as JavaScript. */
  static ScriptStructure of(String text, String path, Set<String> reachedFromElsewhere) {
    List<String> errors = new ArrayList<>();
    ErrorReporter reporter = new ErrorReporter() {
      @Override
      public void warning(String message, String sourceName, int line, int lineOffset) {}

      @Override
      public void error(String message, String sourceName, int line, int lineOffset) {
        errors.add(message);
      }
    };
    Node root;
    try {
      root = ParserRunner.parse(new SimpleSourceFile(path, StaticSourceFile.SourceKind.STRONG), text, CONFIG,
          reporter).ast;
    } catch (RuntimeException e) {
      return null; // the parser gave up: the caller keeps every finding at full weight
    }
    if (root == null || !errors.isEmpty()) {
      return null;
    }
    List<Fn> functions = new ArrayList<>();
    List<Name> names = new ArrayList<>();
    new Walker(lineStarts(text)).walk(root, -1, functions, names);
    boolean[] reached = new boolean[functions.size()];
    for (int i = 0; i < functions.size(); i++) {
      reached[i] = functions.get(i).runsWhereItStands();
    }
    char[] out = blank(text, functions, reached);
    Set<String> visible = new HashSet<>();
    while (true) {
      visible.clear();
      for (Name n : names) {
        if (n.start() < out.length && out[n.start()] != ' ' && !Character.isWhitespace(out[n.start()])) {
          visible.add(n.text());
        }
      }
      visible.addAll(reachedFromElsewhere);
      boolean changed = false;
      for (int i = 0; i < functions.size(); i++) {
        if (!reached[i] && visible.contains(functions.get(i).name())) {
          reached[i] = true;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      out = blank(text, functions, reached);
    }
    visible.removeAll(reachedFromElsewhere);
    return new ScriptStructure(out, functions, reached, Set.copyOf(visible));
  }

  /** Blanks the body of every function not reached, and of every function inside one. */
  private static char[] blank(String text, List<Fn> functions, boolean[] reached) {
    char[] out = text.toCharArray();
    for (int i = 0; i < functions.size(); i++) {
      if (!reachedWithParents(functions, reached, i)) {
        Fn f = functions.get(i);
        for (int k = Math.max(0, f.bodyStart()); k < Math.min(out.length, f.bodyEnd()); k++) {
          if (out[k] != '\n') {
            out[k] = ' ';
          }
        }
      }
    }
    return out;
  }

  private static boolean reachedWithParents(List<Fn> functions, boolean[] reached, int i) {
    for (int k = i; k >= 0; k = functions.get(k).parent()) {
      if (!reached[k]) {
        return false;
      }
    }
    return true;
  }

  /** Offsets of line starts: the parser gives line and column, the blanking needs offsets. */
  private static int[] lineStarts(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[line++] = i + 1;
      }
    }
    return starts;
  }

  /** Collects functions and referred names in source order. */
  private static final class Walker {
    private final int[] lineStarts;

    Walker(int[] lineStarts) {
      this.lineStarts = lineStarts;
    }

    int offset(Node node) {
      int line = node.getLineno();
      if (line < 1 || line > lineStarts.length) {
        return -1;
      }
      return lineStarts[line - 1] + Math.max(0, node.getCharno());
    }

    void walk(Node node, int enclosing, List<Fn> functions, List<Name> names) {
      int inside = enclosing;
      if (node.isFunction()) {
        Node body = node.getLastChild();
        int start = offset(body);
        if (start >= 0) {
          functions.add(new Fn(nameOf(node), start, start + body.getLength(), runsWhereItStands(node), enclosing));
          inside = functions.size() - 1;
        }
      } else if ((node.isName() || node.isGetProp() || node.isOptChainGetProp()) && isCalledOrPassed(node)) {
        addName(node, names);
      }
      for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
        walk(child, inside, functions, names);
      }
    }

    private void addName(Node node, List<Name> names) {
      int at = offset(node);
      if (at >= 0) {
        names.add(new Name(node.getString(), at));
      }
    }
  }

  /**
   * Called ({@code f()}, {@code obj.f()}, {@code new F()}) or handed to a call ({@code setTimeout(f)}):
   * only then can the name make a function run. Exporting or aliasing it does not.
   */
  private static boolean isCalledOrPassed(Node name) {
    Node parent = name.getParent();
    return parent != null && (parent.isCall() || parent.isNew() || parent.isOptChainCall()
        || parent.isTaggedTemplateLit());
  }

  /** Called on the spot or handed to a call: the function runs when the code around it runs. */
  // An AST node is itself, not its value: identity is the question, so ReferenceEquality is wrong here.
  @SuppressWarnings("ReferenceEquality")
  private static boolean runsWhereItStands(Node fn) {
    Node parent = fn.getParent();
    if (parent == null) {
      return false;
    }
    if (parent.isCall() || parent.isNew() || parent.isOptChainCall() || parent.isTaggedTemplateLit()) {
      return true; // immediately invoked, or a callback of a call made here
    }
    // (function () {...}).call(this) and .apply(...)
    if ((parent.isGetProp() || parent.isOptChainGetProp()) && parent.getFirstChild() == fn
        && (parent.getString().equals("call") || parent.getString().equals("apply"))) {
      return true;
    }
    return false;
  }

  /** The name a function is known by: declared, assigned to, or its key in an object or class. */
  private static String nameOf(Node fn) {
    Node own = fn.getFirstChild();
    if (own != null && own.isName() && !own.getString().isEmpty()) {
      return own.getString();
    }
    Node parent = fn.getParent();
    if (parent == null) {
      return "";
    }
    if (parent.isName()) {
      return parent.getString();
    }
    if (parent.isAssign()) {
      Node target = parent.getFirstChild();
      return target.isName() || target.isGetProp() ? target.getString() : "";
    }
    if (parent.isStringKey() || parent.isMemberFunctionDef() || parent.isGetterDef() || parent.isSetterDef()
        || parent.isMemberFieldDef()) {
      return parent.getString();
    }
    return "";
  }
}
