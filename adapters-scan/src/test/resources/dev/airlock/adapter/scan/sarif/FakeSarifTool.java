import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A stand-in for a SARIF-writing linter, run by tests as a real process (java FakeSarifTool.java
 * ...), so no npm or ESLint is needed to test the SARIF command scanner. Options, in any order:
 * --dir D (the unpacked package), --output F (where SARIF goes), --copy FIXTURE (write the fixture
 * to F, its recorded file:///tmp/sarif-sample/ root moved to D), --write TEXT (write TEXT to F),
 * --list FILE (record the files under D with their permissions), --env FILE (record the
 * environment), --say TEXT (print TEXT), --noise N (print N bytes), --exit N (exit code, default 0).
 */
public class FakeSarifTool {
  private static final String RECORDED_ROOT = "file:///tmp/sarif-sample/";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    Path dir = options.containsKey("--dir") ? Path.of(options.get("--dir")) : Path.of(".");
    if (options.containsKey("--say")) {
      System.out.println(options.get("--say"));
    }
    if (options.containsKey("--noise")) {
      byte[] line = "noise noise noise noise noise noise noise noise noise noise noise noise noise\n"
          .getBytes(StandardCharsets.US_ASCII);
      for (long written = 0, n = Long.parseLong(options.get("--noise")); written < n; written += line.length) {
        System.out.write(line);
      }
      System.out.flush();
    }
    if (options.containsKey("--list")) {
      List<String> lines = new ArrayList<>();
      lines.add("cwd " + Path.of("").toAbsolutePath().equals(dir.toAbsolutePath()));
      lines.add("dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      lines.add("workspace " + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          lines.add("file " + dir.relativize(file).toString().replace('\\', '/') + " "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
      }
      Files.write(Path.of(options.get("--list")), lines);
    }
    if (options.containsKey("--env")) {
      List<String> lines = new ArrayList<>();
      new TreeMap<>(System.getenv()).forEach((name, value) -> lines.add(name + "=" + value));
      Files.write(Path.of(options.get("--env")), lines);
    }
    if (options.containsKey("--copy")) {
      String sarif = Files.readString(Path.of(options.get("--copy")), StandardCharsets.UTF_8);
      String root = dir.toAbsolutePath().toUri().toString();
      write(options, sarif.replace(RECORDED_ROOT, root.endsWith("/") ? root : root + "/"));
    }
    if (options.containsKey("--write")) {
      write(options, options.get("--write"));
    }
    System.exit(Integer.parseInt(options.getOrDefault("--exit", "0")));
  }

  private static void write(Map<String, String> options, String text) throws IOException {
    Files.writeString(Path.of(options.get("--output")), text, StandardCharsets.UTF_8);
  }
}
