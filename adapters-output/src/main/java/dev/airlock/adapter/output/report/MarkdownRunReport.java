package dev.airlock.adapter.output.report;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.result.RunSummary;
import dev.airlock.domain.ClosureNode;
import java.util.List;

/**
 * The console's summary table as Markdown ({@code airlock-summary.md}), for a GitHub comment or a
 * CodeBuild summary. Cells are escaped: finding titles come from untrusted packages.
 */
public final class MarkdownRunReport {
  private MarkdownRunReport() {}

  /** The Markdown text of {@code result}'s summary. */
  public static String render(RunResult result) {
    StringBuilder s = new StringBuilder();
    s.append("## Airlock run ").append(cell(result.runId())).append("\n\n");
    row(s, RunSummary.HEADER);
    s.append("|---|---|---|---|\n");
    RunSummary.rows(result).forEach(r -> row(s, r));
    s.append('\n').append(cell(RunSummary.totals(result))).append('\n');
    closures(s, result);
    if (!result.warnings().isEmpty()) {
      s.append('\n');
      result.warnings().forEach(w -> s.append("- warning: ").append(cell(w)).append('\n'));
    }
    return s.toString();
  }

  /** Each release row's dependency closure as a nested list, each artifact with its verdict, new or reused. */
  private static void closures(StringBuilder s, RunResult result) {
    for (RequestOutcome outcome : result.outcomes()) {
      var closure = outcome.closure().filter(c -> c.tree().isPresent());
      if (closure.isEmpty()) {
        continue;
      }
      ClosureNode tree = closure.get().tree().get();
      s.append("\n### ").append(cell(closure.get().requested())).append(": ").append(cell(tree.verdict()))
          .append(" (closure of ").append(tree.flatten().size()).append(" artifacts)\n\n");
      closure.get().blockedBecause().ifPresent(b -> s.append(cell(b)).append("\n\n"));
      node(s, tree, "");
    }
  }

  private static void node(StringBuilder s, ClosureNode node, String indent) {
    s.append(indent).append("- ").append(cell(node.name() + " " + node.version())).append(": ")
        .append(cell(node.verdict())).append(node.reused() ? " (reused)" : node.isApproved() ? " (new)" : "")
        .append(node.reason().map(r -> " - " + cell(r)).orElse("")).append('\n');
    node.dependencies().forEach(d -> node(s, d, indent + "  "));
  }

  private static void row(StringBuilder s, List<String> cells) {
    s.append('|');
    cells.forEach(c -> s.append(' ').append(cell(c)).append(" |"));
    s.append('\n');
  }

  /** One line, with Markdown and HTML that could change the table or the page made inert. */
  static String cell(String text) {
    return text.replaceAll("\\s+", " ").strip()
        .replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
        .replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
        .replace("<", "&lt;").replace(">", "&gt;");
  }
}
