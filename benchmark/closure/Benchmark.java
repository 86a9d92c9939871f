import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Times the resolution and processing of a real-sized dependency closure: WireMock on loopback serves
 * an npm registry (package documents, tarballs) and a PyPI JSON API (PEP 658 metadata for half the
 * wheels, the other half read from the wheel) for a generated tree of N packages with two versions
 * each; the real airlock jar runs as its own process on one release row per ecosystem, as CodeBuild
 * would, under /usr/bin/time for its peak RSS.
 */
public final class Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One package of the generated tree: its index and the indexes it depends on. */
  record Node(int index, List<Integer> needs) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(Map.of("--packages", "40", "--pad-kib", "64",
        "--concurrency", "4", "--ecosystem", "both"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    int packages = Integer.parseInt(options.get("--packages"));
    int padKib = Integer.parseInt(options.get("--pad-kib"));
    String ecosystem = options.get("--ecosystem");
    List<Node> tree = tree(packages, new Random(42));
    Path work = Files.createTempDirectory("airlock-closure-bench-");
    WireMockServer wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
        .disableRequestJournal().containerThreads(16));
    wm.start();
    try {
      String base = "http://localhost:" + wm.port();
      StringBuilder requests = new StringBuilder();
      long bytes = 0;
      if (!ecosystem.equals("pypi")) {
        bytes += serveNpm(wm, base, tree, padKib);
        requests.append("npm:bench-pkg-0@1.1.0\n");
      }
      if (!ecosystem.equals("npm")) {
        bytes += servePypi(wm, base, tree, padKib);
        requests.append("bench-py-0==1.1\n");
      }
      Files.writeString(work.resolve("requests.csv"), requests);
      System.out.printf("tree: %d packages per ecosystem (%s), 2 versions each, %d edges, %.1f MB of artifacts"
          + " served, padding %d KiB each%n", packages, ecosystem,
          tree.stream().mapToInt(n -> n.needs().size()).sum(), bytes / 1e6, padKib);
      for (String label : List.of("first run (resolve, fetch, scan, publish)", "second run (every decision reused)")) {
        run(label, work, options, base, wm.port());
      }
    } finally {
      wm.stop();
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A tree where package i needs 2i+1 and 2i+2 (so all N are reachable from package 0) and, now and
   * then, one more later package, so some packages are shared by several dependents.
   */
  static List<Node> tree(int size, Random random) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<Integer> needs = new ArrayList<>();
      for (int child : new int[] {2 * i + 1, 2 * i + 2}) {
        if (child < size) {
          needs.add(child);
        }
      }
      int extra = i + 3 + random.nextInt(Math.max(1, size));
      if (extra < size && !needs.contains(extra) && random.nextInt(3) == 0) {
        needs.add(extra);
      }
      nodes.add(new Node(i, needs));
    }
    return nodes;
  }

  private static void run(String label, Path work, Map<String, String> options, String base, int port)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", options.get("--java"), "-jar",
        options.get("--jar"), "run", "requests.csv", "--allow-host", "localhost:" + port, "--npm-registry-url", base,
        "--pypi-url", base, "--concurrency", options.get("--concurrency"), "--format", "json"));
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(work.resolve("out.json").toFile()).redirectError(work.resolve("err.txt").toFile()).start();
    int code = process.waitFor();
    List<String> err = Files.readAllLines(work.resolve("err.txt"));
    String[] time = err.get(err.size() - 1).strip().split(" ");
    JsonNode report = JSON.readTree(work.resolve("out.json").toFile());
    Instant started = Instant.parse(report.path("startedAt").asText());
    Instant finished = Instant.parse(report.path("finishedAt").asText());
    Instant firstRequest = finished;
    for (JsonNode r : report.path("requests")) {
      if (r.has("startedAt")) {
        Instant at = Instant.parse(r.path("startedAt").asText());
        firstRequest = at.isBefore(firstRequest) ? at : firstRequest;
      }
    }
    JsonNode summary = report.path("summary");
    System.out.printf("%s: exit %d, %d artifacts (%d approved, %d refused, %d error, %d already decided);"
        + " resolve %.2f s, fetch+scan+decide+publish %.2f s, run %.2f s, process wall %s s, peak RSS %.0f MB%n",
        label, code, report.path("requests").size(), summary.path("approved").asInt(), summary.path("refused").asInt(),
        summary.path("error").asInt(), summary.path("already_decided").asInt(),
        Duration.between(started, firstRequest).toMillis() / 1000.0,
        Duration.between(firstRequest, finished).toMillis() / 1000.0,
        Duration.between(started, finished).toMillis() / 1000.0, time[0], Long.parseLong(time[1]) / 1024.0);
    if (code != 0) {
      err.stream().filter(l -> l.contains("ERROR") || l.contains("error")).limit(5).forEach(System.out::println);
    }
  }

  private static String padding(int index, int kib) {
    StringBuilder s = new StringBuilder();
    int line = 0;
    while (s.length() < kib * 1024) {
      s.append("// table ").append(index).append(" row ").append(line++)
          .append(": value = ").append((index * 31 + line) % 997).append('\n');
    }
    return s.toString();
  }

  private static long serveNpm(WireMockServer wm, String base, List<Node> tree, int padKib) throws Exception {
    long bytes = 0;
    for (Node node : tree) {
      String name = "bench-pkg-" + node.index();
      ObjectNode document = JSON.createObjectNode();
      document.put("name", name);
      ObjectNode versions = document.putObject("versions");
      ObjectNode time = document.putObject("time");
      for (String version : List.of("1.0.0", "1.1.0")) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("name", name).put("version", version).put("license", "MIT").put("main", "index.js");
        ObjectNode deps = manifest.putObject("dependencies");
        node.needs().forEach(n -> deps.put("bench-pkg-" + n, "^1.0.0"));
        byte[] tarball = tarball(manifest, "module.exports = { id: " + node.index() + " };\n",
            padding(node.index(), padKib));
        bytes += tarball.length;
        String path = "/" + name + "/-/" + name + "-" + version + ".tgz";
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withBody(tarball)));
        ObjectNode dist = manifest.putObject("dist");
        dist.put("tarball", base + path);
        dist.put("integrity", "sha512-" + Base64.getEncoder()
            .encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball)));
        versions.set(version, manifest);
        time.put(version, "2024-05-01T10:00:00.000Z");
      }
      document.putObject("dist-tags").put("latest", "1.1.0");
      wm.stubFor(get(urlPathEqualTo("/" + name)).willReturn(aResponse().withHeader("Content-Type", "application/json")
          .withBody(JSON.writeValueAsBytes(document))));
    }
    return bytes;
  }

  private static byte[] tarball(ObjectNode manifest, String index, String pad) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, "package/package.json", JSON.writeValueAsString(manifest));
      add(tar, "package/index.js", index);
      add(tar, "package/lib/table.js", pad);
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static long servePypi(WireMockServer wm, String base, List<Node> tree, int padKib) throws Exception {
    long bytes = 0;
    for (Node node : tree) {
      String name = "bench-py-" + node.index();
      String dist = name.replace('-', '_');
      StringBuilder releases = new StringBuilder();
      for (String version : List.of("1.0", "1.1")) {
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.3\nName: " + name + "\nVersion: " + version
            + "\nLicense: MIT\nRequires-Python: >=3.8\n");
        node.needs().forEach(n -> metadata.append("Requires-Dist: bench-py-").append(n).append(">=1.0,<2\n"));
        String fileName = dist + "-" + version + "-py3-none-any.whl";
        byte[] wheel = wheel(dist, version, metadata.toString(), "ID = " + node.index() + "\n",
            padding(node.index(), padKib).replace("//", "#"));
        bytes += wheel.length;
        wm.stubFor(get(urlPathEqualTo("/files/" + fileName)).willReturn(aResponse().withBody(wheel)));
        if (node.index() % 2 == 0) {
          wm.stubFor(get(urlPathEqualTo("/files/" + fileName + ".metadata"))
              .willReturn(aResponse().withBody(metadata.toString())));
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
        releases.append(releases.isEmpty() ? "" : ",").append('"').append(version).append("\":[{\"filename\":\"")
            .append(fileName).append("\",\"url\":\"").append(base).append("/files/").append(fileName)
            .append("\",\"digests\":{\"sha256\":\"").append(sha256)
            .append("\"},\"requires_python\":\">=3.8\",\"yanked\":false,")
            .append("\"upload_time_iso_8601\":\"2024-05-01T10:00:00.000000Z\"}]");
      }
      wm.stubFor(get(urlPathEqualTo("/pypi/" + name + "/json")).willReturn(aResponse()
          .withHeader("Content-Type", "application/json")
          .withBody("{\"info\":{\"name\":\"" + name + "\"},\"releases\":{" + releases + "}}")));
    }
    return bytes;
  }

  private static byte[] wheel(String dist, String version, String metadata, String init, String pad)
      throws Exception {
    String distInfo = dist + "-" + version + ".dist-info/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(dist + "/__init__.py", init);
    files.put(dist + "/table.py", pad);
    files.put(distInfo + "METADATA", metadata);
    files.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: airlock-bench\nRoot-Is-Purelib: true\n"
        + "Tag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    for (var file : files.entrySet()) {
      byte[] data = file.getValue().getBytes(StandardCharsets.UTF_8);
      String hash = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
      record.append(file.getKey()).append(",sha256=").append(hash).append(',').append(data.length).append('\n');
    }
    record.append(distInfo).append("RECORD,,\n");
    files.put(distInfo + "RECORD", record.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
