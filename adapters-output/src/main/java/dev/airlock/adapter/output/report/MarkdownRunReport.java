package dev.airlock.adapter.output.report;

import dev.airlock.application.result.RunResult;
import dev.airlock.application.result.RunSummary;
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
    if (!result.warnings().isEmpty()) {
      s.append('\n');
      result.warnings().forEach(w -> s.append("- warning: ").append(cell(w)).append('\n'));
    }
    return s.toString();
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
