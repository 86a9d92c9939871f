package dev.airlock.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the start-up cache: at package time the build runs the common commands once in
 * one JVM (on a copy of {@code examples/}), so the JDK's AOT cache (JDK 25) or class-data archive
 * (JDK 21–24) holds the classes they load, and records which Java wrote it, for {@code bin/airlock}.
 * Never used by {@code airlock} itself.
 */
public final class StartupTraining {
  private StartupTraining() {}

  /**
   * {@code StartupTraining EXAMPLES-DIR JDK-RECORD}: trains on the examples and writes the real Java
   * home and runtime version of this JVM to {@code JDK-RECORD}, as {@code bin/airlock} compares them.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: StartupTraining EXAMPLES-DIR JDK-RECORD");
    }
    Path examples = Path.of(args[0]);
    Path work = Files.createTempDirectory("airlock-training-");
    try {
      Path packages = Files.createDirectories(work.resolve("packages"));
      List<Path> archives;
      try (Stream<Path> files = Files.list(examples.resolve("packages"))) {
        archives = files.sorted().toList();
      }
      for (Path archive : archives) {
        Files.copy(archive, packages.resolve(archive.getFileName()));
      }
      Path requests = Files.copy(examples.resolve("external-package-request.csv"),
          work.resolve("external-package-request.csv"));
      String first = packages.resolve(archives.get(0).getFileName()).toString();
      String data = work.resolve("data").toString();
      train("--version");
      train("--help");
      train("run", "--help");
      train("scan", "--bogus");
      train("scan", first);
      train("scan", "--format", "json", packages.toString());
      train("policy", "check", examples.resolve("airlock-policy.yaml").toString());
      train("run", requests.toString(), "--allow-file-urls", "--data-dir", data);
      train("run", requests.toString(), "--allow-file-urls", "--data-dir", data, "--format", "json");
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
    Files.writeString(Path.of(args[1]), javaHome + " " + System.getProperty("java.runtime.version"));
  }

  private static void train(String... args) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Main.run(args, Map.of(), discard, discard, Clock.systemUTC());
  }
}
