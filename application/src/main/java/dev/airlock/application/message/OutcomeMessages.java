package dev.airlock.application.message;

import dev.airlock.application.result.ClosureReport;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The texts a requester reads about an outcome, written once for every notifier (console, SNS,
 * GitHub): a one-line subject and a plain-text body.
 */
public final class OutcomeMessages {
  private static final String NL = "\n";
  /** A GitHub login: what may follow an {@code @} as a mention. */
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final int MAX_CELL = 300;

  private OutcomeMessages() {}

  private static void appendTree(StringBuilder s, dev.airlock.domain.ClosureNode node, String indent) {
    s.append(indent).append(node.name()).append(' ').append(node.version()).append(": ").append(node.verdict())
        .append(node.reused() ? " (reused)" : node.verdict().equals("APPROVED") ? " (new)" : "")
        .append(node.reason().map(r -> " - " + r).orElse("")).append(NL);
    node.dependencies().forEach(d -> appendTree(s, d, indent + "  "));
  }

  /** One line, at most {@code maxLength} characters, no line breaks. */
  public static String subject(RequestOutcome outcome, int maxLength) {
    String name = outcome.label();
    String subject = switch (outcome.status()) {
      case APPROVED -> "Airlock: " + name + " " + outcome.version().orElse("") + " approved";
      case REFUSED -> "Airlock: " + name + " refused (" + outcome.blockingFindings().size() + " blocking finding"
          + (outcome.blockingFindings().size() == 1 ? ")" : "s)");
      case ERROR -> "Airlock: " + name + " could not be decided";
      case ALREADY_DECIDED -> "Airlock: " + name + " was decided earlier";
      case IN_PROGRESS_ELSEWHERE -> "Airlock: " + name + " is being decided by another run";
      case REVOKED -> "Airlock: " + name + " " + outcome.version().orElse("") + " revoked ("
          + outcome.blockingFindings().size() + " blocking finding" + (outcome.blockingFindings().size() == 1 ? ")" : "s)");
      case REOPENED -> "Airlock: " + name + " " + outcome.version().orElse("") + " approved on re-evaluation";
      case UNCHANGED -> "Airlock: " + name + " re-checked; decision unchanged";
      case WOULD_REVOKE -> "Airlock: " + name + " would be revoked (dry run)";
      case WOULD_REOPEN -> "Airlock: " + name + " would be reopened (dry run)";
    };
    return clip(subject.replaceAll("[\\r\\n\\t]+", " ").strip(), maxLength);
  }

  /**
   * The message body, listing at most {@code maxFindings} blocking findings and saying how many were
   * left out.
   */
  public static String body(RequestOutcome outcome, int maxFindings) {
    StringBuilder s = new StringBuilder();
    PackageRequest request = outcome.request().orElse(null);
    String name = outcome.label();
    switch (outcome.status()) {
      case APPROVED -> {
        s.append(name).append(' ').append(outcome.version().orElse("")).append(" is approved and published.").append(NL);
        publishedUnderAnotherName(outcome).ifPresent(real -> s.append("Its own metadata names it ").append(real)
            .append(", so it is published as ").append(real).append(" (requested as ").append(name).append(").")
            .append(NL));
        outcome.sha256().ifPresent(sha -> s.append("SHA-256: ").append(sha.hex()).append(NL));
        outcome.publication().ifPresent(p -> s.append(NL).append("Fetch and install it with:").append(NL)
            .append("  ").append(p.installInstructions().replace("\n", NL + "  ")).append(NL));
      }
      case REFUSED -> {
        if (outcome.closure().flatMap(ClosureReport::blockedBecause).isPresent()) {
          s.append(name).append(" is refused: ").append(outcome.closure().get().blockedBecause().get()).append(NL)
              .append("Nothing of it was published.").append(NL);
          break;
        }
        s.append(name).append(" is refused: ").append(outcome.blockingFindings().size())
            .append(" finding(s) at or above the policy threshold.").append(NL).append(NL);
        appendFindings(s, outcome.blockingFindings(), maxFindings);
        s.append(NL).append("To ask for a waiver, send InfoSec the package, the rule id and why the risk is ")
            .append("acceptable; waivers name a package, a rule, a justification and an expiry date.").append(NL);
      }
      case ERROR -> s.append(name).append(" could not be decided: ")
          .append(outcome.errorReason().orElse("unknown error")).append(NL)
          .append("Nothing was published. The next run retries it.").append(NL);
      case ALREADY_DECIDED -> s.append(name).append(" was decided by an earlier run; nothing was done.").append(NL);
      case IN_PROGRESS_ELSEWHERE -> s.append(name)
          .append(" is being decided by another run, which will announce the verdict; nothing was done here.")
          .append(NL);
      case REVOKED -> {
        s.append(name).append(' ').append(outcome.version().orElse(""));
        outcome.previousDecision().ifPresent(d -> s.append(", approved on ").append(d.decidedAt().toString(), 0, 10));
        s.append(", is revoked: re-evaluation found ").append(outcome.blockingFindings().size())
            .append(" finding(s) at or above the policy threshold.").append(NL);
        outcome.publication().ifPresent(p -> s.append("It was withdrawn from the ").append(p.repository())
            .append(" repository: it can no longer be installed from there, and its bytes are kept as evidence.")
            .append(NL));
        s.append(NL);
        appendFindings(s, outcome.blockingFindings(), maxFindings);
        s.append(NL).append("What to do: uninstall it wherever it was installed, and follow each finding's advice. ")
            .append("InfoSec has been told.").append(NL);
      }
      case REOPENED -> {
        s.append(name).append(' ').append(outcome.version().orElse(""));
        outcome.previousDecision().ifPresent(d -> s.append(", refused on ").append(d.decidedAt().toString(), 0, 10));
        s.append(", is now approved: its blocking findings are waived or below the current threshold, and a new ")
            .append("scan found nothing else that blocks it. It is published.").append(NL);
        outcome.sha256().ifPresent(sha -> s.append("SHA-256: ").append(sha.hex()).append(NL));
        outcome.publication().ifPresent(p -> s.append(NL).append("Fetch and install it with:").append(NL)
            .append("  ").append(p.installInstructions().replace("\n", NL + "  ")).append(NL));
      }
      case UNCHANGED -> s.append(name).append(" was checked again; its decision stands.").append(NL);
      case WOULD_REVOKE -> s.append(name).append(" would be revoked; this was a dry run and nothing was changed.")
          .append(NL);
      case WOULD_REOPEN -> s.append(name).append(" would be reopened and published; this was a dry run and nothing ")
          .append("was changed.").append(NL);
    }
    outcome.closure().ifPresent(c -> {
      if (c.tree().isPresent()) {
        s.append(NL).append("Its dependency closure (").append(c.tree().get().flatten().size())
            .append(" artifacts):").append(NL);
        appendTree(s, c.tree().get(), "  ");
      } else if (outcome.isApprovedNowOrBefore()) {
        s.append(NL).append("Needed by the requested ").append(c.requested()).append('.').append(NL);
      } else {
        s.append(NL).append("It blocks the requested ").append(c.requested()).append(", which needs it: that is not")
            .append(" approved or published until this dependency is.").append(NL);
      }
    });
    if (request != null) {
      s.append(NL).append("Requested from: ").append(request.displayUrl()).append(NL)
          .append("Requested by: ").append(request.requester()).append(NL);
    }
    return s.toString();
  }

  /** The name an approval was published under, when the archive's metadata named it otherwise than the request. */
  private static Optional<String> publishedUnderAnotherName(RequestOutcome outcome) {
    return outcome.publication().map(Publication::packageName)
        .filter(published -> outcome.request().isPresent()
            && !PackageNames.normalise(published).equals(outcome.request().get().normalisedName()));
  }

  /**
   * One line saying what a verdict rests on ({@code approved: 3 finding(s) below the threshold, 1 waived;
   * worst LOW}), for release notes and publication records.
   */
  public static String verdictSummary(ScanVerdict verdict) {
    String outcome = verdict.outcome().name().toLowerCase(Locale.ROOT);
    return switch (verdict.outcome()) {
      case APPROVED -> {
        int waived = verdict.waivedFindings().size();
        int below = verdict.findings().size() - waived;
        yield outcome + ": " + (verdict.findings().isEmpty() ? "no findings"
            : below + " finding(s) below the threshold" + (waived == 0 ? "" : ", " + waived + " waived")
                + "; worst " + verdict.worstSeverity().orElseThrow());
      }
      case REFUSED -> outcome + ": " + verdict.blockingFindings().size() + " blocking finding(s)";
      case ERROR -> outcome + ": " + verdict.errorReason().orElse("unknown error");
      case REVOKED -> throw new IllegalArgumentException("a scan verdict is never REVOKED");
    };
  }

  /**
   * One line for a whole run, at most {@code maxLength} characters: how many requests this run
   * approved, refused and could not decide ({@code Airlock: 2 approved, 1 refused, 0 error}).
   */
  public static String runSummary(RunResult result, int maxLength) {
    long news = result.outcomes().stream().filter(RequestOutcome::isNews).count();
    long earlier = result.count(RequestOutcome.Status.ALREADY_DECIDED);
    long elsewhere = result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE);
    String summary;
    if (news == 0 && elsewhere > 0) {
      summary = "Airlock: nothing new decided here (" + elsewhere + " being decided by another run)";
    } else if (news == 0) {
      summary = "Airlock: nothing new to decide (" + earlier + " decided earlier)";
    } else {
      long revoked = result.count(RequestOutcome.Status.REVOKED);
      long reopened = result.count(RequestOutcome.Status.REOPENED);
      summary = "Airlock: " + result.count(RequestOutcome.Status.APPROVED) + " approved, "
          + result.count(RequestOutcome.Status.REFUSED) + " refused, "
          + result.count(RequestOutcome.Status.ERROR) + " error"
          + (revoked == 0 ? "" : ", " + revoked + " revoked")
          + (reopened == 0 ? "" : ", " + reopened + " reopened")
          + (earlier == 0 ? "" : ", " + earlier + " decided earlier");
    }
    return clip(summary, maxLength);
  }

  /**
   * A Markdown report of the requests decided in a run, for a page people read (a GitHub commit
   * comment): one table row per package with its verdict, then the version and install commands or
   * at most {@code maxFindings} blocking findings (severity, rule, file:line), and who asked, as
   * {@code @login} mentions. At most {@code maxRows} rows are listed; the rest are counted.
   * Everything taken from an archive or a request is quoted as code, so it cannot mention people or
   * inject links.
   */
  public static String markdownReport(RunResult result, int maxFindings, int maxRows) {
    StringBuilder s = new StringBuilder();
    s.append("### ").append(runSummary(result, 200)).append(NL).append(NL);
    List<RequestOutcome> news = result.outcomes().stream().filter(RequestOutcome::isNews).toList();
    if (news.isEmpty()) {
      s.append("No new request in this push.").append(NL);
    } else {
      s.append("| Package | Verdict | Version and install, or blocking findings | Requested by |").append(NL)
          .append("|---|---|---|---|").append(NL);
      news.stream().limit(Math.max(0, maxRows)).forEach(o -> s.append("| ").append(code(o.label()))
          .append(" | ").append(verdictCell(o))
          .append(" | ").append(detailCell(o, maxFindings))
          .append(" | ").append(o.request().map(r -> mention(r.requester())).orElse("-"))
          .append(" |").append(NL));
      if (news.size() > maxRows) {
        s.append(NL).append("… and ").append(news.size() - maxRows)
            .append(" more request(s) not shown; the build log lists every one.").append(NL);
      }
      Set<String> mentions = new LinkedHashSet<>();
      news.forEach(o -> o.request().map(r -> mention(r.requester())).filter(m -> m.startsWith("@"))
          .ifPresent(mentions::add));
      if (result.count(RequestOutcome.Status.REFUSED) > 0) {
        s.append(NL).append("To ask for a waiver, send InfoSec the package, the rule id and why the risk is ")
            .append("acceptable; waivers name a package, a rule, a justification and an expiry date.").append(NL);
      }
      if (result.count(RequestOutcome.Status.REVOKED) > 0) {
        s.append(NL).append("A revoked package was withdrawn from the repository: uninstall it wherever it was ")
            .append("installed. InfoSec has been told.").append(NL);
      }
      if (result.count(RequestOutcome.Status.ERROR) > 0) {
        s.append(NL).append("Nothing was published for a request in error; the next run retries it.").append(NL);
      }
      if (!mentions.isEmpty()) {
        s.append(NL).append("cc ").append(String.join(" ", mentions)).append(NL);
      }
    }
    long earlier = result.count(RequestOutcome.Status.ALREADY_DECIDED);
    if (earlier > 0) {
      s.append(NL).append(earlier).append(" request(s) decided by earlier runs are not listed.").append(NL);
    }
    long elsewhere = result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE);
    if (elsewhere > 0) {
      s.append(NL).append(elsewhere).append(" request(s) being decided by another run are not listed; that run ")
          .append("reports them.").append(NL);
    }
    s.append(NL).append("<sub>Airlock run ").append(code(result.runId())).append(" · source ")
        .append(code(result.source())).append("</sub>").append(NL);
    return s.toString();
  }

  private static String verdictCell(RequestOutcome outcome) {
    return switch (outcome.status()) {
      case APPROVED -> "✅ approved";
      case REFUSED -> "❌ refused";
      case ERROR -> "⚠️ error";
      case ALREADY_DECIDED -> "decided earlier";
      case IN_PROGRESS_ELSEWHERE -> "being decided by another run";
      case REVOKED -> "⛔ revoked";
      case REOPENED -> "✅ reopened";
      case UNCHANGED -> "unchanged";
      case WOULD_REVOKE -> "would be revoked";
      case WOULD_REOPEN -> "would be reopened";
    };
  }

  private static String detailCell(RequestOutcome outcome, int maxFindings) {
    return switch (outcome.status()) {
      case APPROVED, REOPENED -> {
        StringBuilder cell = new StringBuilder(code(outcome.version().orElse("-")));
        outcome.publication().ifPresent(p -> p.installInstructions().lines().filter(l -> !l.isBlank())
            .forEach(line -> cell.append("<br>").append(code(line))));
        yield cell.toString();
      }
      case REFUSED, REVOKED -> {
        List<Finding> findings = outcome.blockingFindings();
        StringBuilder cell = new StringBuilder();
        findings.stream().limit(Math.max(0, maxFindings)).forEach(f -> cell.append(cell.isEmpty() ? "" : "<br>")
            .append(f.severity()).append(' ').append(code(f.ruleId())).append(' ').append(code(f.location())));
        if (findings.size() > maxFindings) {
          cell.append(cell.isEmpty() ? "" : "<br>").append("… and ").append(findings.size() - maxFindings)
              .append(" more");
        }
        yield cell.toString();
      }
      case ERROR -> code(outcome.errorReason().orElse("unknown error"));
      case ALREADY_DECIDED, IN_PROGRESS_ELSEWHERE, UNCHANGED, WOULD_REVOKE, WOULD_REOPEN -> "-";
    };
  }

  /** {@code @login} for a requester known by a GitHub login; otherwise their id as code, never a mention. */
  private static String mention(Requester requester) {
    if (requester.equals(Requester.unknown())) {
      return "-";
    }
    return LOGIN.matcher(requester.id()).matches() ? "@" + requester.id() : code(requester.id());
  }

  /** {@code text} as an inline code span that stays inside one table cell. */
  private static String code(String text) {
    String safe = clip(text.replaceAll("[\\r\\n\\t]+", " ").replace('`', '\'').strip(), MAX_CELL).replace("|", "\\|");
    return "`" + (safe.isEmpty() ? "-" : safe) + "`";
  }

  private static void appendFindings(StringBuilder s, List<Finding> findings, int maxFindings) {
    findings.stream().limit(Math.max(0, maxFindings)).forEach(f -> {
      s.append("- ").append(f.severity()).append(' ').append(f.ruleId()).append(" at ").append(f.location())
          .append(": ").append(f.title()).append(NL);
      if (!f.recommendation().isBlank()) {
        s.append("  What to do: ").append(f.recommendation()).append(NL);
      }
    });
    if (findings.size() > maxFindings) {
      s.append("- … and ").append(findings.size() - maxFindings).append(" more finding(s) not shown").append(NL);
    }
  }

  private static String clip(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, Math.max(0, maxLength - 1)) + "…";
  }
}
