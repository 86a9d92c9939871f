package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.configuration.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees when they get the command line wrong, ask it for help, or give it nothing to do. */
class CommandLineUsageTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {}

  private Result airlock(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Nested
  @DisplayName("usage errors: the cause, a suggestion and where the help is, in two lines")
  class UsageErrors {

    @Test
    void shouldSuggestTheOptionWhenAnOptionIsMistyped() {
      Result result = airlock("run", "requests.csv", "--scanner", "builtin");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).containsExactly(
          "airlock: unknown option '--scanner'; did you mean --scanners?",
          "see 'airlock run --help'");
      assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldSuggestTheCommandWhenACommandIsMistyped() {
      Result result = airlock("rnu", "requests.csv");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).containsExactly(
          "airlock: unknown command 'rnu'; did you mean run?",
          "see 'airlock --help'");
    }

    @Test
    void shouldNameWhatIsMissingWhenRunHasNoRequestFile() {
      Result result = airlock("run");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).containsExactly(
          "airlock: missing REQUEST-FILE (CSV file of name,url[,sha256] rows)",
          "see 'airlock run --help'");
    }

    @Test
    void shouldSuggestTheChoiceWhenAScannerIsMistyped() {
      Result result = airlock("scan", EXAMPLES.resolve("packages").toString(), "--scanners", "biultin");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).containsExactly(
          "airlock: unknown scanner 'biultin' for --scanners; did you mean builtin? "
              + "(expected one of builtin, sarif, codeguru, inspector, osv)",
          "see 'airlock scan --help'");
    }

    @Test
    void shouldNameTheVariableWhenTheBadValueCameFromTheEnvironment() {
      env.put("AIRLOCK_NOTIFIERS", "console,snss");

      Result result = airlock("run", "requests.csv");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).startsWith("airlock: unknown notifier 'snss' for AIRLOCK_NOTIFIERS; did you mean sns?");
    }

    @Test
    void shouldListTheCommandsWhenNoneIsGiven() {
      Result result = airlock();

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).first().isEqualTo("airlock: a command is required");
      assertThat(result.err()).containsPattern("(?m)^  run +Process a request file")
          .containsPattern("(?m)^  scan +Scan local archives")
          .containsPattern("(?m)^  policy +Work with InfoSec's policy files")
          .containsPattern("(?m)^  help +");
      assertThat(result.err().lines().count()).isLessThan(10);
    }

    @Test
    void shouldNameThePolicyCommandWhenPolicyIsGivenAlone() {
      Result result = airlock("policy");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines()).containsExactly(
          "airlock: a policy command is required: check", "see 'airlock policy --help'");
    }
  }

  @Nested
  @DisplayName("help")
  class Help {

    @Test
    void shouldPrintTheCommandsWhenHelpIsAskedForAsACommand() {
      Result result = airlock("help");

      assertThat(result.code()).isZero();
      assertThat(result.out()).contains("Commands:").containsPattern("(?m)^  run ").containsPattern("(?m)^  scan ")
          .containsPattern("(?m)^  policy ");
    }

    @Test
    void shouldPrintRunsHelpWhenHelpIsAskedForRun() {
      Result result = airlock("help", "run");

      assertThat(result.code()).isZero();
      assertThat(result.out()).startsWith("Usage: airlock run REQUEST-FILE [OPTIONS]");
    }

    @Test
    void shouldGroupRunsOptionsByTopicWithTheVariableBesideEachOption() {
      Result result = airlock("run", "--help");

      assertThat(result.code()).isZero();
      List<String> lines = result.out().lines().toList();
      int previous = -1;
      for (Topic topic : Topic.values()) {
        int heading = lines.indexOf(topic.heading());
        assertThat(heading).as("heading of %s, after the one before", topic).isGreaterThan(previous);
        previous = heading;
      }
      for (Setting setting : Catalogue.of(Setting.Command.RUN)) {
        String option = setting.option().orElse("(environment only)");
        assertThat(lines).as("the line of %s", setting.displayName())
            .anySatisfy(line -> assertThat(line).startsWith("  ").contains(option).endsWith(" " + setting.variable()));
      }
    }
  }

  @Nested
  @DisplayName("durations")
  class DurationsOnTheCommandLine {

    @Test
    void shouldAcceptHoursMinutesAndDaysWhenRunning() throws Exception {
      Path requests = Files.writeString(work.resolve("requests.csv"), "# nothing yet\n");

      Result result = airlock("run", requests.toString(), "--data-dir", work.resolve("data").toString(),
          "--recheck-after", "7d", "--claim-lease", "1h", "--scan-timeout", "30m", "--download-timeout", "PT5M");

      assertThat(result.code()).as(result.err()).isZero();
    }

    @Test
    void shouldSayBothValuesAsGivenWhenTheLeaseIsShorterThanTheScanTimeout() throws Exception {
      Path requests = Files.writeString(work.resolve("requests.csv"), "# nothing yet\n");

      Result result = airlock("run", requests.toString(), "--claim-lease", "20m");

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--claim-lease 20m must be longer than --scan-timeout 30m");
    }
  }

  @Nested
  @DisplayName("an empty request file")
  class EmptyRequestFile {

    @Test
    void shouldSayThereAreNoRequestsAndExitZeroWhenTheFileHoldsOnlyComments() throws Exception {
      Path requests = Files.writeString(work.resolve("requests.csv"), "# name,url[,sha256]\n\n");

      Result result = airlock("run", requests.toString(), "--data-dir", work.resolve("data").toString());

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out().strip()).isEqualTo("no requests in " + requests);
    }

    @Test
    void shouldSayThereAreNoRequestsWhenTheFileIsEmpty() throws Exception {
      Path requests = Files.writeString(work.resolve("empty.csv"), "");

      Result result = airlock("run", requests.toString(), "--data-dir", work.resolve("data").toString());

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out().strip()).isEqualTo("no requests in " + requests);
    }
  }
}
