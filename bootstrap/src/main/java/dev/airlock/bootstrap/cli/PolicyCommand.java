package dev.airlock.bootstrap.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.config.PolicyFiles;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock policy}: tools for InfoSec's policy file. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with InfoSec's policy files.",
    customSynopsis = "airlock policy check FILE [OPTIONS]")
final class PolicyCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a policy command is required: check");
  }

  /** {@code airlock policy check FILE}: validates a policy file and says what it would do. */
  @Command(name = "check", mixinStandardHelpOptions = true, customSynopsis = "airlock policy check FILE [OPTIONS]",
      description = "Validate a policy file and print what it would do; expired waivers are reported.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the policy is valid (expired waivers are reported, not errors)", "2:the policy is invalid"})
  static final class Check implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (YAML or JSON).")
    Path file;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    Check(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      PolicyFiles.Checked checked = PolicyFiles.check(file);
      LocalDate today = LocalDate.now(context.clock());
      Console console = context.console();
      boolean json = SharedSettings.json(new Values(spec, context.environment()));
      if (checked.policy().isEmpty()) {
        if (!json) {
          return invalid(console, checked);
        }
        ObjectNode doc = Output.newObject();
        doc.put("schemaVersion", 1);
        doc.put("file", file.toString());
        doc.put("valid", false);
        ArrayNode mistakes = doc.putArray("mistakes");
        checked.mistakes().forEach(m -> mistakes.addObject().put("line", m.line()).put("column", m.column())
            .put("message", m.message()));
        Output.printJson(console.out(), doc);
        console.out().flush();
        return ExitCodes.USAGE;
      }
      SeverityPolicy policy = checked.policy().get();
      if (json) {
        Output.printJson(console.out(), document(policy, today));
      } else {
        print(console.out(), policy, today);
      }
      console.out().flush();
      return ExitCodes.OK;
    }

    /** Every mistake on stderr, one a line, as {@code policy file F, line L, column C: what}. */
    private int invalid(Console console, PolicyFiles.Checked checked) {
      PrintWriter err = console.err();
      if (checked.mistakes().size() > 1) {
        err.printf("airlock: policy file %s has %d mistakes:%n", file, checked.mistakes().size());
      }
      checked.mistakes().forEach(m -> err.println((checked.mistakes().size() > 1 ? "  " : "airlock: ")
          + m.describe(file.toString())));
      err.flush();
      return ExitCodes.USAGE;
    }

    private void print(PrintWriter out, SeverityPolicy policy, LocalDate today) {
      long expired = policy.waivers().stream().filter(w -> !w.isActiveOn(today)).count();
      out.printf("policy %s is valid%n", file);
      out.printf("mode: %s%n", policy.mode() == SeverityPolicy.Mode.ENFORCE ? "enforce"
          : "audit (release age, licences, yanked and deprecated are reported, not enforced)");
      out.printf("threshold: %s; a finding at %s refuses the package unless an active waiver covers it%n",
          policy.threshold(), refusing(policy.threshold()));
      policy.minimumReleaseAge().ifPresentOrElse(age -> out.printf("minimum release age: %s; a younger release is"
          + " DEFERRED until it is old enough%n", dev.airlock.domain.PolicyDurations.describe(age)),
          () -> out.println("minimum release age: none"));
      for (var e : policy.releaseAgeExemptions()) {
        out.printf("  %-8s exempt from the release age: %s%n", e.expires().isBefore(today) ? "EXPIRED" : "active", e);
      }
      policy.licences().ifPresentOrElse(l -> out.printf("licenses: %s%s; unknown or not SPDX: %s%n",
          l.allow().isEmpty() ? "any allowed" : "allowed " + String.join(", ", l.allow()),
          l.deny().isEmpty() ? "" : ", denied " + String.join(", ", l.deny()), l.unknown().name().toLowerCase(
              java.util.Locale.ROOT)), () -> out.println("licenses: not judged"));
      out.printf("yanked releases: %s; deprecated releases: %s%n", policy.yanked().name().toLowerCase(
          java.util.Locale.ROOT), policy.deprecated().name().toLowerCase(java.util.Locale.ROOT));
      out.printf("waivers: %d (%d active, %d expired on %s)%n", policy.waivers().size(),
          policy.waivers().size() - expired, expired, today);
      for (Waiver w : policy.waivers()) {
        boolean active = w.isActiveOn(today);
        out.printf("  %-8s %s / %s %s %s: %s%s%n", active ? "active" : "EXPIRED", w.packageName(), w.ruleId(),
            active ? "until" : "since", active ? w.expires() : w.expires().plusDays(1), w.justification(),
            scope(w));
      }
      long unapproved = policy.waivers().stream().filter(w -> w.approver().isEmpty()).count();
      if (unapproved > 0) {
        out.printf("warning: %d waiver(s) name no approver; add 'approver:' so an audit can tell who accepted the"
            + " risk%n", unapproved);
      }
      if (expired > 0) {
        out.println("expired waivers no longer apply; renew them with a new expiry date or remove them");
      }
    }

    /** {@code  [versions >=2.0,<2.3; sha256 1a2b…; path tests/**; approved by alice]}, or nothing. */
    private static String scope(Waiver w) {
      java.util.List<String> parts = new java.util.ArrayList<>();
      w.versions().ifPresent(v -> parts.add("versions " + v));
      w.sha256().ifPresent(sha -> parts.add("sha256 " + sha.shortHex(12) + "…"));
      w.path().ifPresent(p -> parts.add("path " + p));
      w.approver().ifPresent(a -> parts.add("approved by " + a));
      return parts.isEmpty() ? "" : " [" + String.join("; ", parts) + "]";
    }

    private ObjectNode document(SeverityPolicy policy, LocalDate today) {
      ObjectNode doc = Output.newObject();
      doc.put("schemaVersion", 1);
      doc.put("file", file.toString());
      doc.put("valid", true);
      doc.put("mode", policy.mode().name().toLowerCase(java.util.Locale.ROOT));
      doc.put("threshold", policy.threshold().name());
      doc.put("checkedOn", today.toString());
      policy.licences().ifPresent(l -> {
        ObjectNode licences = doc.putObject("licenses");
        l.allow().forEach(licences.putArray("allow")::add);
        l.deny().forEach(licences.putArray("deny")::add);
        licences.put("unknown", l.unknown().name().toLowerCase(java.util.Locale.ROOT));
      });
      policy.minimumReleaseAge().ifPresent(age -> doc.put("minimumReleaseAge", age.toString()));
      ArrayNode exemptions = doc.putArray("releaseAgeExemptions");
      policy.releaseAgeExemptions().forEach(e -> {
        ObjectNode node = exemptions.addObject().put("package", e.packageName()).put("justification", e.justification())
            .put("approver", e.approver()).put("expires", e.expires().toString()).put("active", !e.expires().isBefore(today));
        e.versions().ifPresent(v -> node.put("versions", v));
      });
      doc.put("yanked", policy.yanked().name().toLowerCase(java.util.Locale.ROOT));
      doc.put("deprecated", policy.deprecated().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode waivers = doc.putArray("waivers");
      for (Waiver w : policy.waivers()) {
        ObjectNode node = waivers.addObject();
        node.put("package", w.packageName());
        node.put("rule", w.ruleId());
        node.put("justification", w.justification());
        node.put("expires", w.expires().toString());
        w.versions().ifPresent(v -> node.put("versions", v));
        w.sha256().ifPresent(sha -> node.put("sha256", sha.hex()));
        w.path().ifPresent(p -> node.put("path", p.toString()));
        w.approver().ifPresent(a -> node.put("approver", a));
        node.put("active", w.isActiveOn(today));
      }
      return doc;
    }

    private static String refusing(Severity threshold) {
      return Arrays.stream(Severity.values()).filter(s -> s.isAtLeast(threshold)).map(Enum::name)
          .collect(Collectors.joining(", "));
    }
  }
}
