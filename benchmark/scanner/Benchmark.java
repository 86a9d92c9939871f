import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.scanner.BuiltinScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Detection benchmark for the built-in scanner: runs {@code airlock scan} over every archive of a
 * corpus laid out by the benchmark's materialize.py and prints recall, false-positive rates,
 * errors, the misses and false positives with their top finding, and throughput.
 *
 * <p>Run it through {@code benchmark/scanner/run.sh}. {@code --mode jar} runs the real executable
 * once per archive (the official measure: exit 3 or 4 refused, 0 approved, anything else an error,
 * with a time limit each); {@code --mode inprocess} calls the scanner library's own API
 * ({@code BuiltinScanner.scan(name, archive)}, judged by the default policy) inside one JVM, which is
 * how scanner throughput is measured without JVM start-up or the CLI around it.
 */
public final class Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SEVERITIES = List.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  record Sample(String corpus, String file, Path path, String label, long uncompressed) {}

  record Outcome(Sample sample, int exit, String top, String error, long millis, long cpuNanos) {
    String verdict() {
      return exit == 3 || exit == 4 ? "refused" : exit == 0 ? "approved" : "error";
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    Path corpus = Path.of(opts.getOrDefault("corpus", "/work/corpus"));
    Path manifests = Path.of(opts.getOrDefault("manifests", "/work/shared/benchmark"));
    String split = opts.getOrDefault("split", "dev");
    String mode = opts.getOrDefault("mode", "inprocess");
    int parallel = Integer.parseInt(opts.getOrDefault("parallel", "2"));
    int timeout = Integer.parseInt(opts.getOrDefault("timeout", "120"));
    int repeat = Integer.parseInt(opts.getOrDefault("repeat", "1"));
    String jar = opts.getOrDefault("jar", "bootstrap/target/airlock.jar");
    String only = opts.get("only");

    List<Sample> samples = samples(corpus, manifests, split, only);
    System.err.printf("%d archives, %.1f MB uncompressed; mode %s, %d at a time%n", samples.size(),
        samples.stream().mapToLong(Sample::uncompressed).sum() / 1e6, mode, parallel);
    if (mode.equals("inprocess")) {
      // Warm the JIT on a few archives so the timed pass measures the scanner, not the compiler.
      for (Sample s : samples.subList(0, Math.min(20, samples.size()))) {
        scanInProcess(s);
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    long wall = 0;
    for (int r = 0; r < repeat; r++) {
      long start = System.nanoTime();
      outcomes = runAll(samples, mode, parallel, timeout, jar);
      wall += System.nanoTime() - start;
    }
    report(outcomes, wall / 1e9 / repeat, opts.containsKey("all"));
  }

  private static List<Outcome> runAll(List<Sample> samples, String mode, int parallel, int timeout, String jar)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Sample s : samples) {
      futures.add(pool.submit(() -> mode.equals("jar") ? scanWithJar(s, jar, timeout) : scanInProcess(s)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      try {
        outcomes.add(mode.equals("jar") ? futures.get(i).get()
            : futures.get(i).get(timeout, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        outcomes.add(new Outcome(samples.get(i), -1, "-", "timed out after " + timeout + " s", timeout * 1000L, 0));
      } catch (Exception e) {
        outcomes.add(new Outcome(samples.get(i), -1, "-", String.valueOf(e), 0, 0));
      }
    }
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    return outcomes;
  }

  /** The built-in scanner as a library, with the limits {@code airlock scan} uses by default. */
  private static final BuiltinScanner SCANNER = new BuiltinScanner();

  private static Outcome scanInProcess(Sample s) {
    long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long start = System.nanoTime();
    int exit;
    String top = "-";
    String error = null;
    try {
      String name = nameFromFile(s.path().getFileName().toString());
      List<Finding> findings = SCANNER.scan(name, s.path());
      exit = SeverityPolicy.defaultPolicy().evaluate(name, findings, LocalDate.now()).isApproved() ? 0 : 3;
      top = findings.stream().max(Comparator.comparing(Finding::severity))
          .map(f -> f.severity() + " " + f.ruleId() + " " + (f.path().isPresent() ? f.location() : ""))
          .orElse("-");
    } catch (IOException | RuntimeException e) {
      exit = 1;
      error = String.valueOf(e.getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
    return new Outcome(s, exit, top, error, millis, cpu);
  }

  /** The package name {@code airlock scan} gives an archive when no {@code --name} is given. */
  private static String nameFromFile(String fileName) {
    String stem = ArchiveNames.stem(fileName);
    if (ArchiveNames.extension(fileName).filter(".whl"::equals).isPresent()) {
      stem = stem.split("-", 2)[0];
    } else {
      stem = stem.replaceFirst("[-_]v?\\d[\\w.]*$", "");
    }
    return PackageNames.problem(stem).isEmpty() ? stem : "archive";
  }

  private static Outcome scanWithJar(Sample s, String jar, int timeout) throws IOException, InterruptedException {
    Path out = Files.createTempFile("airlock-bench-", ".json");
    Path err = Files.createTempFile("airlock-bench-", ".err");
    try {
      long start = System.nanoTime();
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar, "scan", s.path().toString(), "--format", "json")
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Outcome(s, -1, "-", "timed out after " + timeout + " s", timeout * 1000L, 0);
      }
      return outcome(s, p.exitValue(), Files.readString(out), Files.readString(err),
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Outcome outcome(Sample s, int exit, String stdout, String stderr, long millis) {
    String top = "-";
    String error = null;
    try {
      JsonNode doc = JSON.readTree(stdout);
      JsonNode best = null;
      for (JsonNode f : doc.path("findings")) {
        if (best == null || rank(f) > rank(best)) {
          best = f;
        }
      }
      if (best != null) {
        top = best.path("severity").asText() + " " + best.path("rule").asText() + " "
            + best.path("file").asText("") + (best.has("line") ? ":" + best.path("line").asText() : "");
      }
      if (!doc.isObject()) {
        throw new IOException("no JSON document");
      }
      if (doc.has("error")) {
        error = doc.path("error").asText();
      }
    } catch (IOException | RuntimeException e) {
      error = stderr.isBlank() ? "no JSON on stdout" : stderr.strip().lines().findFirst().orElse("");
    }
    return new Outcome(s, exit, top, error, millis, 0);
  }

  private static int rank(JsonNode finding) {
    return SEVERITIES.indexOf(finding.path("severity").asText());
  }

  private static void report(List<Outcome> outcomes, double seconds, boolean all) {
    Map<String, List<Outcome>> byCorpus = new LinkedHashMap<>();
    outcomes.forEach(o -> byCorpus.computeIfAbsent(o.sample().corpus(), k -> new ArrayList<>()).add(o));
    System.out.println();
    System.out.printf("%-16s %6s %8s %8s %6s %10s%n", "corpus", "count", "refused", "approved", "error", "measure");
    for (var entry : byCorpus.entrySet()) {
      boolean malicious = entry.getKey().startsWith("malicious");
      List<Outcome> counted = entry.getValue().stream()
          .filter(o -> !malicious || o.sample().label().equals("malicious")).toList();
      long refused = counted.stream().filter(o -> o.verdict().equals("refused")).count();
      long approved = counted.stream().filter(o -> o.verdict().equals("approved")).count();
      long errors = counted.stream().filter(o -> o.verdict().equals("error")).count();
      System.out.printf("%-16s %6d %8d %8d %6d %9.1f%% %s%n", entry.getKey(), counted.size(), refused, approved,
          errors, 100.0 * refused / Math.max(1, counted.size()), malicious ? "recall" : "false positives");
    }
    long bytes = outcomes.stream().mapToLong(o -> o.sample().uncompressed()).sum();
    System.out.printf("%nthroughput: %.1f MB/s uncompressed, %.1f archives/s (%d archives, %.1f MB in %.1f s wall)%n",
        bytes / 1e6 / seconds, outcomes.size() / seconds, outcomes.size(), bytes / 1e6, seconds);
    long cpu = outcomes.stream().mapToLong(Outcome::cpuNanos).sum();
    if (cpu > 0) {
      // Other processes share the CPU: scanning CPU time says what the scanner costs, whatever the load.
      System.out.printf("scanner CPU: %.1f MB per CPU-second (%.1f CPU-s; x2 cores = %.1f MB/s when the machine is free)%n",
          bytes / 1e6 / (cpu / 1e9), cpu / 1e9, 2 * bytes / 1e6 / (cpu / 1e9));
    }
    Outcome slowest = outcomes.stream().max(Comparator.comparingLong(Outcome::millis)).orElseThrow();
    System.out.printf("slowest: %s %d ms%n", slowest.sample().file(), slowest.millis());

    section("MISSED (malicious approved)", outcomes.stream().filter(o -> o.sample().label().equals("malicious")
        && o.verdict().equals("approved")));
    section("FALSE POSITIVES (benign refused)", outcomes.stream().filter(o -> o.sample().label().equals("benign")
        && o.verdict().equals("refused")));
    section("ERRORS", outcomes.stream().filter(o -> o.verdict().equals("error")));
    section("NO-PAYLOAD (not counted)", outcomes.stream().filter(o -> o.sample().label().equals("no-payload")));
    if (all) {
      section("ALL", outcomes.stream());
    }
  }

  private static void section(String title, Stream<Outcome> rows) {
    List<Outcome> list = rows.toList();
    System.out.printf("%n%s: %d%n", title, list.size());
    for (Outcome o : list) {
      System.out.printf("  %-14s %-55s exit %-2d %s%s%n", o.sample().corpus(), o.sample().file(), o.exit(), o.top(),
          o.error() == null ? "" : "  [" + o.error() + "]");
    }
  }

  private static List<Sample> samples(Path corpus, Path manifests, String split, String only) throws IOException {
    List<Sample> samples = new ArrayList<>();
    Set<String> wanted = only == null ? null : Set.of(only.split(","));
    try (Stream<Path> files = Files.list(manifests)) {
      for (Path manifest : files.filter(p -> p.getFileName().toString().endsWith("-" + split + ".tsv")).sorted().toList()) {
        String name = manifest.getFileName().toString().replace("-" + split + ".tsv", "");
        if (wanted != null && !wanted.contains(name)) {
          continue;
        }
        List<String> lines = Files.readAllLines(manifest);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int fileColumn = header.indexOf("file");
        int labelColumn = header.indexOf("label");
        for (String line : lines.subList(1, lines.size())) {
          if (line.isBlank()) {
            continue;
          }
          String[] cells = line.split("\t", -1);
          String label = labelColumn >= 0 ? cells[labelColumn] : name.startsWith("malicious") ? "malicious" : "benign";
          Path path = corpus.resolve(name).resolve(split).resolve(cells[fileColumn]);
          if (!Files.isRegularFile(path)) {
            System.err.println("missing from the corpus, skipped: " + path);
            continue;
          }
          samples.add(new Sample(name, cells[fileColumn], path, label, uncompressedSize(path)));
        }
      }
    }
    return samples;
  }

  /** Sum of entry sizes, read independently of the scanner (0 when the archive cannot be read). */
  private static long uncompressedSize(Path path) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
      raw.mark(4);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 'P' && b1 == 'K') {
        long sum = 0;
        try (ZipFile zip = ZipFile.builder().setPath(path).get()) {
          for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
            sum += Math.max(0, e.getSize());
          }
        }
        return sum;
      }
      InputStream in = raw;
      try {
        in = new BufferedInputStream(CompressorStreamFactory.getSingleton().createCompressorInputStream(raw));
      } catch (Exception notCompressed) {
        // a plain tar
      }
      long sum = 0;
      TarArchiveInputStream tar = new TarArchiveInputStream(in);
      for (ArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        sum += Math.max(0, e.getSize());
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.equals("all")) {
        opts.put(key, "true");
      } else {
        opts.put(key, args[++i]);
      }
    }
    return opts;
  }
}
