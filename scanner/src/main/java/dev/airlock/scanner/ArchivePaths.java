package dev.airlock.scanner;

import dev.airlock.archive.ArchiveItem;
import java.util.regex.Pattern;

/** Recognises archive entry names that would land outside the folder they are unpacked into. */
final class ArchivePaths {
  private ArchivePaths() {}

  /** Why {@code name} escapes, or null when it stays inside; each level of a nested name ({@code a.zip!/b}) is judged. */
  static String escapeProblem(String name) {
    for (String level : name.split(Pattern.quote(ArchiveItem.NESTED_SEPARATOR), -1)) {
      String problem = escapeProblemOfOneLevel(level);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String escapeProblemOfOneLevel(String name) {
    String normal = name.replace('\\', '/');
    if (normal.startsWith("/")) {
      return "is an absolute path";
    }
    if (normal.length() >= 2 && Character.isLetter(normal.charAt(0)) && normal.charAt(1) == ':') {
      return "starts with a drive letter";
    }
    for (String segment : normal.split("/", -1)) {
      if (segment.equals("..")) {
        return "contains '..'";
      }
    }
    return null;
  }
}
