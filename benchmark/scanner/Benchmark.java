import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.scanner.BuiltinScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Detection benchmark for the built-in scanner: runs {@code airlock scan} over every archive of a
 * corpus laid out by the benchmark's materialize.py and prints, for the tuning and the validation
 * half of every set separately (the fixed rule of benchmark/corpus/halves.py), flagged/total,
 * recall or false-positive rate, errors, how often each rule blocks (MEDIUM or above) on benign and
 * on malicious archives, the misses and false positives with their top finding, and throughput.
 *
 * <p>Run it through {@code benchmark/scanner/run.sh}. The verdict is the default policy's, read from
 * the CLI's exit code: 3 or 4 refused (a finding at MEDIUM or above), 0 approved, anything else an
 * error. {@code --mode inprocess} (the default) calls the scanner library's API
 * ({@code BuiltinScanner.scan(name, archive)}, judged by the default policy) for every archive inside
 * one JVM, one archive at a time unless {@code --parallel} says otherwise; {@code --mode jar} runs
 * the real executable, {@code airlock scan --format json A B C ...}, once for up to 200 archives
 * (the official measure: start-up is paid once, as a pipeline scanning a closure pays it);
 * {@code --mode jar-each} runs it once per archive (with a time limit each);
 * {@code --mode timing} times the scan of a 2 MiB one-line file, the worst case of the pattern
 * search, after warming up. {@code --must-approve pip,numpy,...} ends with exit 1 unless each named
 * package was scanned and approved.
 */
public final class Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SEVERITIES = List.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final List<String> HALVES = List.of("tuning", "validation");

  record Sample(String corpus, String split, String file, Path path, String label, String half, long uncompressed) {
    String set() {
      return corpus + "/" + split;
    }

    boolean malicious() {
      return label.equals("malicious");
    }

    boolean benign() {
      return label.equals("benign");
    }
  }

  record Outcome(Sample sample, int exit, String top, String error, long millis, long cpuNanos,
      Set<String> blockingRules, List<String> findings) {
    Outcome(Sample sample, int exit, String top, String error, long millis, long cpuNanos, Set<String> blockingRules) {
      this(sample, exit, top, error, millis, cpuNanos, blockingRules, List.of());
    }

    String verdict() {
      return exit == 3 || exit == 4 ? "refused" : exit == 0 ? "approved" : "error";
    }

    Outcome withCpu(long cpu) {
      return new Outcome(sample, exit, top, error, millis, cpu, blockingRules, findings);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    String mode = opts.getOrDefault("mode", "inprocess");
    if (mode.equals("timing")) {
      timing(Integer.parseInt(opts.getOrDefault("repeat", "5")));
      return;
    }
    Path corpus = Path.of(opts.getOrDefault("corpus", "/work/corpus"));
    List<Path> manifests = Stream.of(opts.getOrDefault("manifests",
        "/work/shared/benchmark,benchmark/corpus/manifests").split(",")).map(Path::of).toList();
    Set<String> splits = Set.of(opts.getOrDefault("split", "dev,ext").split(","));
    int parallel = Integer.parseInt(opts.getOrDefault("parallel", "1"));
    int timeout = Integer.parseInt(opts.getOrDefault("timeout", "120"));
    String jar = opts.getOrDefault("jar", "bootstrap/target/airlock.jar");
    String only = opts.get("only");
    String half = opts.get("half");

    List<Sample> samples = samples(corpus, manifests, splits, only, half);
    System.err.printf("%d archives, %.1f MB uncompressed; mode %s, %d at a time%n", samples.size(),
        samples.stream().mapToLong(Sample::uncompressed).sum() / 1e6, mode, parallel);
    if (mode.equals("inprocess")) {
      // Warm the JIT on a few archives so the timed pass measures the scanner, not the compiler.
      for (Sample s : samples.subList(0, Math.min(20, samples.size()))) {
        scanInProcess(s);
      }
    }
    long start = System.nanoTime();
    List<Outcome> outcomes = runAll(samples, mode, parallel, timeout, jar);
    double wall = (System.nanoTime() - start) / 1e9;
    report(outcomes, wall, opts.containsKey("all"));
    if (opts.containsKey("tsv")) {
      writeTsv(Path.of(opts.get("tsv")), outcomes);
    }
    if (opts.containsKey("findings")) {
      writeFindings(Path.of(opts.get("findings")), outcomes);
    }
    if (opts.containsKey("must-approve") && !mustApprove(outcomes, opts.get("must-approve"))) {
      System.exit(1);
    }
  }

  /**
   * Checks that every named package (the name of an archive, as the manifests give it) was scanned
   * and approved in every set it is in; prints one line per package. False when one is missing or not
   * approved.
   */
  private static boolean mustApprove(List<Outcome> outcomes, String names) {
    boolean ok = true;
    System.out.printf("%nMUST BE APPROVED:%n");
    for (String name : names.split(",")) {
      List<Outcome> mine = outcomes.stream()
          .filter(o -> nameFromFile(o.sample().file()).equalsIgnoreCase(name.strip())).toList();
      if (mine.isEmpty()) {
        System.out.printf("  %-14s MISSING from the corpus scanned%n", name);
        ok = false;
      }
      for (Outcome o : mine) {
        boolean approved = o.verdict().equals("approved");
        ok &= approved;
        System.out.printf("  %-14s %-8s %-18s %s%s%n", name, approved ? "ok" : "FAILED", o.sample().set(),
            o.sample().file(), approved ? "" : "  " + o.verdict() + ": " + o.top());
      }
    }
    return ok;
  }

  private static List<Outcome> runAll(List<Sample> samples, String mode, int parallel, int timeout, String jar)
      throws InterruptedException {
    if (mode.equals("jar")) {
      return scanWithOneJar(samples, jar, timeout);
    }
    boolean each = mode.equals("jar-each");
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Sample s : samples) {
      futures.add(pool.submit(() -> each ? scanWithJar(s, jar, timeout) : scanInProcess(s)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      try {
        outcomes.add(each ? futures.get(i).get() : futures.get(i).get(timeout, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        outcomes.add(new Outcome(samples.get(i), -1, "-", "timed out after " + timeout + " s", timeout * 1000L, 0,
            Set.of()));
      } catch (Exception e) {
        outcomes.add(new Outcome(samples.get(i), -1, "-", String.valueOf(e), 0, 0, Set.of()));
      }
    }
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    return outcomes;
  }

  /** The built-in scanner as a library, with the limits {@code airlock scan} uses by default. */
  private static final BuiltinScanner SCANNER = new BuiltinScanner();

  /** Scans with the library API and judges with the default policy, as {@code airlock scan} does. */
  private static Outcome scanInProcess(Sample s) {
    long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long start = System.nanoTime();
    int exit;
    String top = "-";
    String error = null;
    Set<String> blocking = new TreeSet<>();
    List<String> all = new ArrayList<>();
    try {
      String name = nameFromFile(s.path().getFileName().toString());
      List<Finding> findings = SCANNER.scan(name, s.path());
      findings.forEach(f -> all.add(String.join("\t", f.ruleId(), f.severity().name(), f.path().orElse("-"),
          String.valueOf(f.line().orElse(0)), f.title(), f.description())));
      exit = SeverityPolicy.defaultPolicy().evaluate(name, findings, LocalDate.now()).isApproved() ? 0 : 3;
      top = findings.stream().max(Comparator.comparing(Finding::severity))
          .map(f -> f.severity() + " " + f.ruleId() + " " + (f.path().isPresent() ? f.location() : ""))
          .orElse("-");
      findings.stream().filter(f -> f.severity().compareTo(Severity.MEDIUM) >= 0).forEach(f -> blocking.add(f.ruleId()));
    } catch (IOException | RuntimeException e) {
      exit = 1;
      error = String.valueOf(e.getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
    if (error != null) {
      all.add("ERROR\t" + error);
    }
    return new Outcome(s, exit, top, error, millis, cpu, blocking, all);
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

  /** Archives per {@code airlock scan} process in jar mode (keeps the command line short). */
  private static final int PER_PROCESS = 200;

  /**
   * The official measure: {@code java -jar airlock.jar scan --format json A B C ...}, one process
   * for up to {@value #PER_PROCESS} archives (start-up paid once), with {@code timeout} seconds per
   * archive for the process. Each archive's verdict and findings come from its part of the document.
   */
  private static List<Outcome> scanWithOneJar(List<Sample> samples, String jar, int timeout)
      throws InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    for (int from = 0; from < samples.size(); from += PER_PROCESS) {
      List<Sample> batch = samples.subList(from, Math.min(samples.size(), from + PER_PROCESS));
      try {
        outcomes.addAll(scanBatch(batch, jar, timeout));
      } catch (IOException e) {
        batch.forEach(s -> outcomes.add(new Outcome(s, -1, "-", String.valueOf(e.getMessage()), 0, 0, Set.of())));
      }
    }
    return outcomes;
  }

  private static List<Outcome> scanBatch(List<Sample> batch, String jar, int timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("airlock-bench-", ".json");
    Path err = Files.createTempFile("airlock-bench-", ".err");
    try {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar, "scan", "--format", "json"));
      batch.forEach(s -> command.add(s.path().toString()));
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor((long) timeout * batch.size(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IOException("timed out after " + timeout * batch.size() + " s for " + batch.size() + " archives");
      }
      JsonNode doc = JSON.readTree(Files.readString(out));
      if (doc == null || !doc.has("archives")) {
        String stderr = Files.readString(err).strip();
        throw new IOException("exit " + p.exitValue() + ", no JSON document: "
            + stderr.lines().findFirst().orElse(""));
      }
      Map<String, JsonNode> byArchive = new LinkedHashMap<>();
      doc.path("archives").forEach(a -> byArchive.put(a.path("archive").asText(), a));
      List<Outcome> outcomes = new ArrayList<>();
      for (Sample s : batch) {
        JsonNode one = byArchive.get(s.path().toString());
        if (one == null) {
          outcomes.add(new Outcome(s, -1, "-", "not in the scan's document", 0, 0, Set.of()));
          continue;
        }
        String verdict = one.path("verdict").asText();
        int exit = verdict.equals("APPROVED") ? 0 : verdict.equals("REFUSED") ? 3 : 1;
        outcomes.add(outcome(s, exit, one.toString(), "", one.path("durationMillis").asLong()));
      }
      return outcomes;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
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
        return new Outcome(s, -1, "-", "timed out after " + timeout + " s", timeout * 1000L, 0, Set.of());
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
    Set<String> blocking = new TreeSet<>();
    try {
      JsonNode doc = JSON.readTree(stdout);
      if (doc == null || !doc.isObject()) {
        throw new IOException("no JSON document");
      }
      JsonNode best = null;
      for (JsonNode f : doc.path("findings")) {
        if (best == null || rank(f) > rank(best)) {
          best = f;
        }
        if (rank(f) >= SEVERITIES.indexOf("MEDIUM")) {
          blocking.add(f.path("rule").asText());
        }
      }
      if (best != null) {
        top = best.path("severity").asText() + " " + best.path("rule").asText() + " "
            + best.path("file").asText("") + (best.has("line") ? ":" + best.path("line").asText() : "");
      }
      if (doc.has("error")) {
        error = doc.path("error").asText();
      }
    } catch (IOException | RuntimeException e) {
      error = stderr.isBlank() ? "no JSON on stdout" : stderr.strip().lines().findFirst().orElse("");
    }
    return new Outcome(s, exit, top, error, millis, 0, blocking);
  }

  private static int rank(JsonNode finding) {
    return SEVERITIES.indexOf(finding.path("severity").asText());
  }

  private static void report(List<Outcome> outcomes, double seconds, boolean all) {
    System.out.println();
    System.out.printf("%-22s %-10s %6s %8s %8s %6s %9s%n", "set", "half", "count", "refused", "approved", "error",
        "rate");
    Map<String, List<Outcome>> bySet = new TreeMap<>();
    for (Outcome o : outcomes) {
      bySet.computeIfAbsent(o.sample().set(), k -> new ArrayList<>()).add(o);
      bySet.computeIfAbsent(o.sample().corpus() + "/*", k -> new ArrayList<>()).add(o);
    }
    bySet.entrySet().removeIf(e -> e.getKey().endsWith("/*")
        && bySet.keySet().stream().filter(k -> k.startsWith(e.getKey().replace("*", ""))).count() <= 2);
    for (var entry : bySet.entrySet()) {
      for (String half : HALVES) {
        rateLine(entry.getKey(), half, entry.getValue().stream().filter(o -> o.sample().half().equals(half)).toList());
      }
    }
    ruleCounts(outcomes);
    long bytes = outcomes.stream().mapToLong(o -> o.sample().uncompressed()).sum();
    System.out.printf("%nthroughput: %.1f MB/s uncompressed, %.1f archives/s (%d archives, %.1f MB in %.1f s wall)%n",
        bytes / 1e6 / seconds, outcomes.size() / seconds, outcomes.size(), bytes / 1e6, seconds);
    long cpu = outcomes.stream().mapToLong(Outcome::cpuNanos).sum();
    if (cpu > 0) {
      // Other processes share the CPU: scanning CPU time says what the scanner costs, whatever the load.
      System.out.printf("scanner CPU: %.1f MB per CPU-second (%.1f CPU-s)%n", bytes / 1e6 / (cpu / 1e9), cpu / 1e9);
    }
    outcomes.stream().max(Comparator.comparingLong(Outcome::millis))
        .ifPresent(o -> System.out.printf("slowest: %s %d ms%n", o.sample().file(), o.millis()));

    section("MISSED (malicious approved)", outcomes.stream().filter(o -> o.sample().malicious()
        && o.verdict().equals("approved")));
    section("FALSE POSITIVES (benign refused)", outcomes.stream().filter(o -> o.sample().benign()
        && o.verdict().equals("refused")));
    section("ERRORS", outcomes.stream().filter(o -> o.verdict().equals("error")));
    section("NO-PAYLOAD (not counted)", outcomes.stream().filter(o -> o.sample().label().equals("no-payload")));
    if (all) {
      section("ALL", outcomes.stream());
    }
  }

  private static void rateLine(String set, String half, List<Outcome> list) {
    if (list.isEmpty()) {
      return;
    }
    boolean malicious = set.startsWith("malicious");
    List<Outcome> counted = list.stream().filter(o -> !malicious || o.sample().malicious()).toList();
    long refused = counted.stream().filter(o -> o.verdict().equals("refused")).count();
    long approved = counted.stream().filter(o -> o.verdict().equals("approved")).count();
    long errors = counted.stream().filter(o -> o.verdict().equals("error")).count();
    System.out.printf("%-22s %-10s %6d %8d %8d %6d %8.1f%% %s%n", set, half, counted.size(), refused, approved,
        errors, 100.0 * refused / Math.max(1, counted.size()), malicious ? "recall" : "FPR");
  }

  /** Per rule: in how many archives of each kind and half it blocked (a finding at MEDIUM or above). */
  private static void ruleCounts(List<Outcome> outcomes) {
    Map<String, int[]> counts = new TreeMap<>();
    List<Predicate<Outcome>> columns = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String kind : List.of("benign-pypi", "benign-npm", "malicious-pypi", "malicious-npm")) {
      for (String half : HALVES) {
        if (outcomes.stream().anyMatch(o -> o.sample().corpus().equals(kind) && o.sample().half().equals(half))) {
          columns.add(o -> o.sample().corpus().equals(kind) && o.sample().half().equals(half)
              && !o.sample().label().equals("no-payload"));
          names.add(kind.replace("benign-", "b-").replace("malicious-", "m-") + "/" + half.charAt(0));
        }
      }
    }
    for (Outcome o : outcomes) {
      for (String rule : o.blockingRules()) {
        int[] row = counts.computeIfAbsent(rule, k -> new int[columns.size()]);
        for (int c = 0; c < columns.size(); c++) {
          if (columns.get(c).test(o)) {
            row[c]++;
          }
        }
      }
    }
    System.out.printf("%narchives in which each rule blocks (MEDIUM or above); columns: set/half (t tuning, v validation)%n");
    System.out.printf("%-28s", "rule");
    names.forEach(n -> System.out.printf(" %10s", n));
    System.out.println();
    System.out.printf("%-28s", "(archives)");
    for (Predicate<Outcome> c : columns) {
      System.out.printf(" %10d", outcomes.stream().filter(c).count());
    }
    System.out.println();
    counts.forEach((rule, row) -> {
      System.out.printf("%-28s", rule);
      for (int n : row) {
        System.out.printf(" %10d", n);
      }
      System.out.println();
    });
  }

  private static void section(String title, Stream<Outcome> rows) {
    List<Outcome> list = rows.toList();
    System.out.printf("%n%s: %d%n", title, list.size());
    for (Outcome o : list) {
      System.out.printf("  %-18s %-10s %-50s exit %-2d %s%s%n", o.sample().set(), o.sample().half(), o.sample().file(),
          o.exit(), o.top(), o.error() == null ? "" : "  [" + o.error() + "]");
    }
  }

  private static void writeTsv(Path path, List<Outcome> outcomes) throws IOException {
    StringBuilder sb = new StringBuilder("set\thalf\tfile\tlabel\tverdict\tmillis\ttop\tblocking\n");
    for (Outcome o : outcomes) {
      sb.append(String.join("\t", o.sample().set(), o.sample().half(), o.sample().file(), o.sample().label(),
          o.verdict(), Long.toString(o.millis()), o.top(), String.join(",", o.blockingRules()))).append('\n');
    }
    Files.writeString(path, sb.toString());
  }

  /**
   * Every finding of every archive (in-process mode), one line each: set, file, rule, severity,
   * path, line, title, description. Two runs' files compare verdicts and findings exactly.
   */
  private static void writeFindings(Path path, List<Outcome> outcomes) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Outcome o : outcomes) {
      sb.append(o.sample().set()).append('\t').append(o.sample().file()).append("\tverdict\t").append(o.verdict())
          .append('\n');
      for (String f : o.findings()) {
        sb.append(o.sample().set()).append('\t').append(o.sample().file()).append('\t').append(f.replace('\n', ' '))
            .append('\n');
      }
    }
    Files.writeString(path, sb.toString());
  }

  // ------------------------------------------------------------------------------------ corpus

  private static List<Sample> samples(Path corpus, List<Path> manifestDirs, Set<String> splits, String only,
      String onlyHalf) throws IOException {
    List<Sample> samples = new ArrayList<>();
    Set<String> wanted = only == null ? null : Set.of(only.split(","));
    List<Path> manifests = new ArrayList<>();
    for (Path dir : manifestDirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(p -> p.getFileName().toString().matches("(benign|malicious)-(pypi|npm)-[a-z]+\\.tsv"))
              .sorted().forEach(manifests::add);
        }
      }
    }
    for (Path manifest : manifests) {
      String base = manifest.getFileName().toString().replaceFirst("\\.tsv$", "");
      String split = base.substring(base.lastIndexOf('-') + 1);
      String name = base.substring(0, base.lastIndexOf('-'));
      if (!splits.contains(split) || (wanted != null && !wanted.contains(name))) {
        continue;
      }
      List<String> lines = Files.readAllLines(manifest);
      List<String> header = List.of(lines.get(0).split("\t", -1));
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.length; i++) {
          row.put(header.get(i), cells[i]);
        }
        String label = row.getOrDefault("label", name.startsWith("malicious") ? "malicious" : "benign");
        String half = half(name, row);
        if (row.containsKey("half") && !row.get("half").equals(half)) {
          throw new IllegalStateException(manifest + ": " + row.get("file") + " is in the " + row.get("half")
              + " half by its manifest but " + half + " by the rule");
        }
        if (onlyHalf != null && !onlyHalf.equals(half)) {
          continue;
        }
        Path path = corpus.resolve(name).resolve(split).resolve(row.get("file"));
        if (!Files.isRegularFile(path)) {
          System.err.println("missing from the corpus, skipped: " + path);
          continue;
        }
        samples.add(new Sample(name, split, row.get("file"), path, label, half, uncompressedSize(path)));
      }
    }
    return samples;
  }

  /** The fixed rule of benchmark/corpus/halves.py: sha256 of the family (malicious PyPI) or the name. */
  static String half(String corpus, Map<String, String> row) {
    String key;
    if (corpus.equals("malicious-pypi") && !row.getOrDefault("family_id", "").isEmpty()) {
      key = row.get("family_id");
    } else if (row.containsKey("name") && !row.get("name").isEmpty()) {
      key = row.get("name").toLowerCase(java.util.Locale.ROOT);
    } else {
      key = row.get("mirror_path").split("/")[0].toLowerCase(java.util.Locale.ROOT);
    }
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
      return Character.digit(hex.charAt(hex.length() - 1), 16) % 2 == 0 ? "tuning" : "validation";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  // ------------------------------------------------------------------------------------ timing

  /**
   * Times one archive holding a 2 MiB file on a single line of unclosed calls whose hints never
   * complete a pattern (each of which once made a pattern scan to the end of the line).
   */
  private static void timing(int repeat) throws IOException {
    Path dir = Files.createTempDirectory("airlock-timing-");
    Path archive = dir.resolve("slow-1.0.tar.gz");
    try {
      String hostile = "Request(\"a urlopen(\"b gethostbyname(f'c ".repeat(60_000).substring(0, 2 * 1024 * 1024);
      byte[] bytes = hostile.getBytes(StandardCharsets.UTF_8);
      try (OutputStream file = Files.newOutputStream(archive);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
        TarArchiveEntry entry = new TarArchiveEntry("slow-1.0/slow/__init__.py");
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
      Sample s = new Sample("timing", "synthetic", archive.getFileName().toString(), archive, "benign", "-",
          bytes.length);
      for (int i = 0; i < 3; i++) {
        scanInProcess(s);
      }
      long best = Long.MAX_VALUE;
      for (int i = 0; i < repeat; i++) {
        Outcome o = scanInProcess(s);
        best = Math.min(best, o.millis());
        System.out.printf("2 MiB one-line file: %d ms (%s, CPU %.0f ms)%n", o.millis(), o.verdict(), o.cpuNanos() / 1e6);
      }
      System.out.printf("best of %d: %d ms (budget 1000 ms)%n", repeat, best);
    } finally {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(dir);
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
