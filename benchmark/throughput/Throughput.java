import dev.airlock.domain.Finding;
import dev.airlock.scanner.BuiltinScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Speed benchmark, side by side in one run (issue 21): P3 the built-in scanner's MB/s of
 * uncompressed content on one thread against the {@code tar -xzO} decompression floor (and bandit
 * when it is on the PATH) on the same archives; P5 start-up of {@code bin/airlock}; and N small
 * archives scanned by one {@code airlock scan} process against one process per archive.
 *
 * <p>Run it through {@code benchmark/throughput/run.sh}; not part of the build's tests.
 */
public final class Throughput {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  record Archive(Path path, long uncompressed) {}

  /** Wall and CPU seconds of one measured step. */
  record Time(double wall, double cpu) {
    static Time best(List<Time> runs) {
      return runs.stream().min(Comparator.comparingDouble(Time::wall)).orElseThrow();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    Path root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
    Path corpus = Path.of(opts.getOrDefault("corpus", "/work/corpus"));
    Set<String> parts = Set.of(opts.getOrDefault("only", "p3,startup,many").split(","));
    int repeat = Integer.parseInt(opts.getOrDefault("repeat", "3"));
    System.out.printf("load: %s; java %s; %d cores%n", Files.readString(Path.of("/proc/loadavg")).strip(),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    if (parts.contains("p3")) {
      List<Archive> archives = popular(root, corpus, Integer.parseInt(opts.getOrDefault("count", "20")));
      p3(archives, repeat, opts.containsKey("loop") ? Integer.parseInt(opts.get("loop")) : 0);
    }
    if (parts.contains("startup")) {
      startup(root, Integer.parseInt(opts.getOrDefault("runs", "10")));
    }
    if (parts.contains("many")) {
      many(root, corpus, Integer.parseInt(opts.getOrDefault("many", "100")));
    }
  }

  // ------------------------------------------------------------------------------------------ P3

  /**
   * The {@code count} most downloaded PyPI projects of the ext corpus (benchmark/corpus, by
   * {@code pypi_rank}): real sources of popular packages, the archives the issue measured.
   */
  static List<Archive> popular(Path root, Path corpus, int count) throws IOException {
    Path manifest = root.resolve("benchmark/corpus/manifests/benign-pypi-ext.tsv");
    List<String> lines = Files.readAllLines(manifest);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int rank = header.indexOf("pypi_rank");
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split("\t", -1));
      }
    }
    rows.sort(Comparator.comparingInt(r -> Integer.parseInt(r[rank])));
    List<Archive> archives = new ArrayList<>();
    for (String[] row : rows.subList(0, Math.min(count, rows.size()))) {
      Path path = corpus.resolve("benign-pypi/ext").resolve(row[file]);
      if (!Files.isRegularFile(path)) {
        throw new IOException(path + " is missing: build the corpus first (README, Detection benchmark)");
      }
      archives.add(new Archive(path, uncompressed(path)));
    }
    return archives;
  }

  private static void p3(List<Archive> archives, int repeat, int loop) throws Exception {
    long bytes = archives.stream().mapToLong(Archive::uncompressed).sum();
    long compressed = 0;
    for (Archive a : archives) {
      compressed += Files.size(a.path());
    }
    System.out.printf("%nP3 scanner throughput: %d archives (the most downloaded PyPI sources), %.1f MB compressed,"
        + " %.1f MB uncompressed; best of %d passes%n", archives.size(), compressed / 1e6, bytes / 1e6, repeat);
    BuiltinScanner scanner = new BuiltinScanner();
    if (loop > 0) {
      // for a profiler: scan the set again and again on one thread
      for (int i = 0; i < loop; i++) {
        Time t = scanPass(scanner, archives, null);
        System.out.printf("pass %d: %.2f s, %.1f MB/s%n", i + 1, t.wall(), bytes / 1e6 / t.wall());
      }
      return;
    }
    List<Time> floor = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      floor.add(tarPass(archives));
    }
    scanPass(scanner, archives, null); // warm-up: the JIT compiles the scanner
    scanPass(scanner, archives, null);
    Map<String, Integer> findings = new LinkedHashMap<>();
    List<Time> scans = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      scans.add(scanPass(scanner, archives, findings));
    }
    Time tar = Time.best(floor);
    Time scan = Time.best(scans);
    System.out.printf("%-44s %8s %8s %10s %12s%n", "", "wall s", "CPU s", "MB/s", "MB/CPU-s");
    row("tar -xzO (decompression floor)", tar, bytes);
    row("builtin scanner, in-process, one thread", scan, bytes);
    System.out.printf("scanner / floor: %.0f %% by wall, %.0f %% by CPU%n", 100 * tar.wall() / scan.wall(),
        100 * tar.cpu() / scan.cpu());
    Path bandit = onPath("bandit");
    if (bandit == null) {
      System.out.println("bandit: not installed (not on PATH), not measured");
    } else {
      row("bandit -r (one process per archive, extracted)", banditPass(bandit, archives), bytes);
    }
    System.out.printf("findings per archive: %s%n", findings);
  }

  private static void row(String label, Time t, long bytes) {
    System.out.printf("%-44s %8.2f %8.2f %10.1f %12.1f%n", label, t.wall(), t.cpu(), bytes / 1e6 / t.wall(),
        bytes / 1e6 / t.cpu());
  }

  private static Time scanPass(BuiltinScanner scanner, List<Archive> archives, Map<String, Integer> findings)
      throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (Archive a : archives) {
      String name = a.path().getFileName().toString().replaceFirst("-\\d.*$", "");
      List<Finding> found = scanner.scan(name, a.path());
      if (findings != null) {
        findings.put(name, found.size());
      }
    }
    return new Time((System.nanoTime() - start) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
  }

  /** {@code tar -xzOf} of every archive to /dev/null, timed by /usr/bin/time (wall, user + system). */
  private static Time tarPass(List<Archive> archives) throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (Archive a : archives) {
      script.append("tar -xzOf '").append(a.path()).append("' > /dev/null\n");
    }
    return timed(List.of("sh", "-c", script.toString()));
  }

  /** bandit over each archive extracted to a temporary folder (extraction not counted). */
  private static Time banditPass(Path bandit, List<Archive> archives) throws IOException, InterruptedException {
    double wall = 0;
    double cpu = 0;
    for (Archive a : archives) {
      Path dir = Files.createTempDirectory("airlock-bandit-");
      try {
        run(List.of("tar", "-xzf", a.path().toString(), "-C", dir.toString()));
        Time t = timed(List.of(bandit.toString(), "-r", "-q", "-f", "json", "-o", "/dev/null", dir.toString()));
        wall += t.wall();
        cpu += t.cpu();
      } finally {
        run(List.of("rm", "-rf", dir.toString()));
      }
    }
    return new Time(wall, cpu);
  }

  // ------------------------------------------------------------------------------------------ P5

  private static void startup(Path root, int runs) throws Exception {
    Path dir = Files.createTempDirectory("airlock-startup-");
    try {
      Path tiny = tinyArchive(dir, "tiny", 0);
      String airlock = root.resolve("bin/airlock").toString();
      System.out.printf("%nP5 start-up: mean of %d runs after 2 warm-ups%n", runs);
      System.out.printf("%-44s %8s %8s%n", "", "wall s", "CPU s");
      for (List<String> command : List.of(List.of(airlock, "--version"), List.of(airlock, "scan", tiny.toString()))) {
        Time t = mean(command, runs);
        System.out.printf("%-44s %8.3f %8.3f%n", "bin/airlock " + String.join(" ", command.subList(1, command.size()))
            .replace(dir + "/", ""), t.wall(), t.cpu());
      }
    } finally {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }

  // ------------------------------------------------------------------------------------------ many

  /**
   * {@code count} small archives: one {@code bin/airlock scan FOLDER} process against one
   * {@code bin/airlock scan ARCHIVE} process each. The archives are the most downloaded npm
   * packages of the ext corpus when it is there (real, mostly small), else generated ones.
   */
  private static void many(Path root, Path corpus, int count) throws Exception {
    Path dir = Files.createTempDirectory("airlock-many-");
    try {
      List<Path> archives = smallArchives(root, corpus, dir, count);
      long bytes = 0;
      for (Path a : archives) {
        bytes += Files.size(a);
      }
      String airlock = root.resolve("bin/airlock").toString();
      System.out.printf("%n%d small archives (%s, %.1f MB compressed): one process against one process each%n",
          archives.size(), archives.get(0).getParent().equals(dir) ? "generated" : "top npm packages",
          bytes / 1e6);
      Path folder = dir.resolve("set");
      Files.createDirectories(folder);
      for (Path a : archives) {
        Files.createSymbolicLink(folder.resolve(a.getFileName()), a);
      }
      run(List.of(airlock, "scan", archives.get(0).toString())); // warm the page cache
      Time one = timedExit(List.of(airlock, "scan", "--format", "json", folder.toString()));
      double wall = 0;
      double cpu = 0;
      for (Path a : archives) {
        Time t = timedExit(List.of(airlock, "scan", "--format", "json", a.toString()));
        wall += t.wall();
        cpu += t.cpu();
      }
      Time each = new Time(wall, cpu);
      System.out.printf("%-44s %8s %8s %12s%n", "", "wall s", "CPU s", "archives/s");
      System.out.printf("%-44s %8.2f %8.2f %12.1f%n", "one `airlock scan FOLDER` process", one.wall(), one.cpu(),
          archives.size() / one.wall());
      System.out.printf("%-44s %8.2f %8.2f %12.1f%n", archives.size() + " `airlock scan ARCHIVE` processes",
          each.wall(), each.cpu(), archives.size() / each.wall());
      System.out.printf("one process is %.1f times faster by wall (%.1f by CPU)%n", each.wall() / one.wall(),
          each.cpu() / one.cpu());
    } finally {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }

  private static List<Path> smallArchives(Path root, Path corpus, Path dir, int count) throws IOException {
    Path manifest = root.resolve("benchmark/corpus/manifests/benign-npm-ext.tsv");
    Path folder = corpus.resolve("benign-npm/ext");
    if (Files.isDirectory(folder) && Files.isRegularFile(manifest)) {
      List<String> lines = Files.readAllLines(manifest);
      List<String> header = List.of(lines.get(0).split("\t", -1));
      int file = header.indexOf("file");
      int rank = header.indexOf("npm_rank");
      List<Path> picked = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank())
          .map(l -> l.split("\t", -1)).sorted(Comparator.comparingInt(r -> Integer.parseInt(r[rank])))
          .map(r -> folder.resolve(r[file])).filter(Files::isRegularFile).limit(count).toList();
      if (picked.size() == count) {
        return picked;
      }
    }
    List<Path> generated = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      generated.add(tinyArchive(dir, "tiny" + i, i));
    }
    return generated;
  }

  /** A ~1 KB package source: one small module and a README. */
  private static Path tinyArchive(Path dir, String name, int seed) throws IOException {
    Path archive = dir.resolve(name + "-1.0.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      add(tar, name + "-1.0/" + name + ".py", "def answer():\n    return " + (42 + seed) + "\n");
      add(tar, name + "-1.0/README.txt", ("A small package number " + seed + ".\n").repeat(20));
    }
    return archive;
  }

  private static void add(TarArchiveOutputStream tar, String name, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  // ------------------------------------------------------------------------------------------ processes

  private static Time mean(List<String> command, int runs) throws IOException, InterruptedException {
    for (int i = 0; i < 2; i++) {
      timedExit(command);
    }
    double wall = 0;
    double cpu = 0;
    for (int i = 0; i < runs; i++) {
      Time t = timedExit(command);
      wall += t.wall();
      cpu += t.cpu();
    }
    return new Time(wall / runs, cpu / runs);
  }

  /** Runs {@code command} under /usr/bin/time; it must exit 0. */
  private static Time timed(List<String> command) throws IOException, InterruptedException {
    Time t = time(command);
    if (t == null) {
      throw new IOException(String.join(" ", command) + " failed");
    }
    return t;
  }

  /** Runs {@code command} under /usr/bin/time; a scan's verdict exit codes (0, 3) are fine. */
  private static Time timedExit(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("airlock-time-", ".txt");
    try {
      List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-q", "-o", out.toString(), "-f", "%e %U %S"));
      full.addAll(command);
      Process p = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int exit = p.waitFor();
      if (exit != 0 && exit != 3) {
        throw new IOException(String.join(" ", command) + " exited " + exit);
      }
      String[] f = Files.readString(out).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
      return new Time(Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Time time(List<String> command) throws IOException, InterruptedException {
    try {
      return timedExit(command);
    } catch (IOException e) {
      return null;
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Sum of the tar entries' sizes, read independently of the scanner. */
  static long uncompressed(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(new java.util.zip.GZIPInputStream(
        new BufferedInputStream(Files.newInputStream(path)), 65536));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      long sum = 0;
      for (ArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        sum += Math.max(0, e.getSize());
      }
      return sum;
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, not " + args[i]);
      }
      opts.put(args[i].substring(2).toLowerCase(Locale.ROOT), args[++i]);
    }
    return opts;
  }
}
