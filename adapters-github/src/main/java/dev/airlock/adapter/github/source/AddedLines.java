package dev.airlock.adapter.github.source;

import java.util.ArrayList;
import java.util.List;

/** The lines a unified-diff patch (GitHub's per-file {@code patch}) adds, as the file holds them. */
final class AddedLines {
  private AddedLines() {}

  static List<String> of(String patch) {
    List<String> added = new ArrayList<>();
    boolean inHunk = false;
    for (String line : patch.split("\n", -1)) {
      if (line.startsWith("@@")) {
        inHunk = true;
      } else if (inHunk && line.startsWith("+")) {
        added.add(withoutCarriageReturn(line.substring(1)));
      }
    }
    return added;
  }

  static String withoutCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
