package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.bootstrap.AirlockCli.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first hour with Airlock (issue 18), through the real command line: messages that used to
 * mislead, and the edges found by trying it, each as a newcomer would meet it.
 */
@ExtendWith(DemoWorkspace.class)
class FirstHourCliTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @DemoWorkspace.Folder
  Path work;

  private Path requests;
  @DemoWorkspace.DataDir
  private Path dataDir;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void nameTheRequestFile() {
    requests = work.resolve("requests.csv");
  }


  private Result airlock(String... args) {
    return AirlockCli.run(env, CLOCK, args);
  }

  private Result run(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", requests.toString(), "--allow-file-urls", "--data-dir",
        dataDir.toString()));
    args.addAll(List.of(extra));
    return airlock(args.toArray(String[]::new));
  }

  @Nested
  @DisplayName("messages that used to mislead")
  class Messages {

    @Test
    void shouldSayAFileUrlToAMissingFileDoesNotExistAndKeepIsNotInsideForAnEscape() throws Exception {
      Files.writeString(requests, """
          missing-pkg,file:packages/missing-pkg-1.0.tar.gz
          escape,file:../outside-1.0.tar.gz
          """);

      Result result = run();

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("file packages/missing-pkg-1.0.tar.gz does not exist in ")
          .contains("file ../outside-1.0.tar.gz is not inside ");
    }

    @Test
    void shouldSayATruncatedZipHasNoReadableDirectoryInsteadOfNamingAJavaClass() throws Exception {
      Path zip = work.resolve("cut-1.0.zip");
      Files.write(zip, Arrays.copyOf(zipOfText(), 60));

      Result result = airlock("scan", zip.toString());

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("archive cut-1.0.zip cannot be read: its zip directory (at the end of the "
          + "file) is missing or damaged: the file is truncated or not a whole zip").doesNotContain("FileChannelImpl");
    }

    @Test
    void shouldSayATruncatedTarGzEndsEarlyInsteadOfNull() throws Exception {
      byte[] whole = Files.readAllBytes(work.resolve("packages/tidy-stats-1.0.0.tar.gz"));
      Path cut = Files.write(work.resolve("cut-1.0.tar.gz"), Arrays.copyOf(whole, whole.length / 2));

      Result result = airlock("scan", cut.toString());

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("archive cut-1.0.tar.gz cannot be read: it ends early: the file is truncated")
          .doesNotContain(": null");
    }

    @Test
    void shouldPrintAnErrorTheTableCutShortInFullBelowIt() throws Exception {
      String longName = "a-package-whose-archive-name-goes-on-and-on-for-a-long-while-1.0.tar.gz";
      Files.writeString(requests, "long-one,file:packages/" + longName + "\n");

      Result result = run();

      assertThat(result.out()).contains("…").contains("in full:")
          .contains("  long-one: file packages/" + longName + " does not exist in ");
    }

    @Test
    void shouldGoOnWithTheOtherRowsWhenOneRowHasAByteThatIsNotUtf8() throws Exception {
      Files.write(requests, ("""
          # caf\u00e9 au lait
          tidy-stats,file:packages/tidy-stats-1.0.0.tar.gz
          caf\u00e9,file:packages/cafe-1.0.tar.gz
          fast-json-helper,file:packages/fast-json-helper-0.3.1.tar.gz
          """).getBytes(StandardCharsets.ISO_8859_1));

      Result result = run("--format", "json");

      assertThat(result.code()).isEqualTo(1);
      JsonNode doc = JSON.readTree(result.out());
      assertThat(doc.path("summary").path("approved").asInt()).isEqualTo(1);
      assertThat(doc.path("summary").path("refused").asInt()).isEqualTo(1);
      assertThat(doc.path("summary").path("error").asInt()).isEqualTo(1);
      assertThat(doc.path("requests").findValuesAsText("error"))
          .containsExactly("line 3: byte 0xE9 at column 4 is not UTF-8; save the request file as UTF-8");
    }

    @Test
    void shouldReportAMisspeltPolicyKeyAtItsLineWithTheValidKeys() throws Exception {
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          threshold: HIGH
          waivers:
            - package: requests
              rule: AIRLOCK-AWS-ACCESS-KEY
              justification: test key (SEC-1)
              expiry: 2027-03-31
          """);

      Result result = airlock("policy", "check", policy.toString());

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().strip()).isEqualTo("airlock: policy file " + policy + ", line 6, column 5: unknown key "
          + "'expiry' in waiver 1; did you mean expires? (valid keys in a waiver: package, versions, sha256, rule, path, justification, approver, expires)");
    }

    @Test
    void shouldReportABadDateInAPolicyAtItsLineWithoutJavaNames() throws Exception {
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          waivers:
            - package: requests
              rule: AIRLOCK-AWS-ACCESS-KEY
              justification: test key (SEC-1)
              expires: 2027-31-03
          """);

      Result result = airlock("scan", work.resolve("packages").toString(), "--policy", policy.toString());

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("policy file " + policy + ", line 5, column 14: waiver 1: expires "
          + "'2027-31-03' is not a date; write it as YYYY-MM-DD").doesNotContain("java.").doesNotContain("Jackson");
    }

    @Test
    void shouldStopBeforeFetchingWhenTheDataDirCannotBeWritten() throws Exception {
      Files.copy(EXAMPLES.resolve("external-package-request.csv"), requests);
      Path inTheWay = Files.writeString(work.resolve("not-a-folder"), "a file where a folder should be");
      dataDir = inTheWay.resolve("data");

      Result result = run();

      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--data-dir " + dataDir + " cannot be used: " + inTheWay.toAbsolutePath()
          + " is a file, not a folder").doesNotContain("fetching");
      assertThat(result.out()).isEmpty();
    }
  }

  @Nested
  @DisplayName("reliability and security edges")
  class Edges {

    @Test
    void shouldKeepAUrlsQueryOutOfTheLedgerAndStillKnowTheDecisionOnTheNextRun() throws Exception {
      byte[] archive = Files.readAllBytes(work.resolve("packages/tidy-stats-1.0.0.tar.gz"));
      try (LooseHttpServer server = new LooseHttpServer(Map.of("/tidy-stats-1.0.0.tar.gz", archive), new byte[0])) {
        Files.writeString(requests, "tidy-stats,http://" + server.hostPort()
            + "/tidy-stats-1.0.0.tar.gz?token=s3cr3t-token-value\n");

        Result first = run("--allow-host", server.hostPort());
        Result second = run("--allow-host", server.hostPort());

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.out()).contains("0 approved, 0 refused, 0 error, 1 already decided");
        List<Path> stored;
        try (Stream<Path> files = Files.walk(dataDir)) {
          stored = files.filter(Files::isRegularFile).toList();
        }
        assertThat(stored).isNotEmpty().allSatisfy(file -> assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .as(file.toString()).doesNotContain("s3cr3t"));
        assertThat(stored).anySatisfy(file -> assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .contains("\"urlSha256\""));
      }
    }

    @Test
    void shouldFetchEveryArchiveWhenAServerSendsMoreThanItsContentLength() throws Exception {
      byte[] tidy = Files.readAllBytes(work.resolve("packages/tidy-stats-1.0.0.tar.gz"));
      byte[] fast = Files.readAllBytes(work.resolve("packages/fast-json-helper-0.3.1.tar.gz"));
      byte[] beyondTheBody = "\r\n".repeat(600).getBytes(StandardCharsets.US_ASCII);
      try (LooseHttpServer server = new LooseHttpServer(Map.of("/tidy-stats-1.0.0.tar.gz", tidy,
          "/fast-json-helper-0.3.1.tar.gz", fast), beyondTheBody)) {
        Files.writeString(requests, "tidy-stats,http://" + server.hostPort() + "/tidy-stats-1.0.0.tar.gz\n"
            + "fast-json-helper,http://" + server.hostPort() + "/fast-json-helper-0.3.1.tar.gz\n");

        Result result = run("--allow-host", server.hostPort(), "--concurrency", "1");

        assertThat(result.out()).as(result.err()).contains("1 approved, 1 refused, 0 error");
        assertThat(result.code()).isZero();
        assertThat(server.requestLines()).hasSize(2);
      }
    }

    @Test
    void shouldRemoveTemporaryFilesAKilledRunLeftOnceTheyAreOlderThanTheClaimLease() throws Exception {
      Files.copy(EXAMPLES.resolve("external-package-request.csv"), requests);
      Path reports = Files.createDirectories(dataDir.resolve("reports"));
      Path versionDir = Files.createDirectories(dataDir.resolve("repository/tidy-stats/1.0.0"));
      Path staleReport = Files.writeString(reports.resolve(".airlock-report.json8127361.tmp"), "{\"half");
      Path staleAsset = Files.writeString(versionDir.resolve(".tidy-stats-1.0.0.tar.gz552.tmp"), "half");
      Path freshReport = Files.writeString(reports.resolve(".airlock-junit.xml991.tmp"), "<half");
      Files.setLastModifiedTime(staleReport, FileTime.from(CLOCK.instant().minus(Duration.ofHours(2))));
      Files.setLastModifiedTime(staleAsset, FileTime.from(CLOCK.instant().minus(Duration.ofHours(2))));
      Files.setLastModifiedTime(freshReport, FileTime.from(CLOCK.instant().minus(Duration.ofMinutes(5))));

      Result result = run();

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(staleReport).doesNotExist();
      assertThat(staleAsset).doesNotExist();
      assertThat(freshReport).as("younger than the 45m lease: maybe another run's").exists();
    }
  }

  private static byte[] zipOfText() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("cut-1.0/README.txt"));
      zip.write("hello ".repeat(100).getBytes(StandardCharsets.US_ASCII));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
