package dev.airlock.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python environment a closure is resolved for: the interpreter version and the platform tags
 * its wheels must carry, as pip's {@code --python-version} and {@code --platform} take them. A
 * {@code manylinux_2_Y_arch} tag also accepts every older manylinux (and its legacy aliases), as pip does.
 *
 * @param pythonVersion {@code 3.11} or {@code 3.11.9}
 * @param platforms platform tags, best first ({@code manylinux_2_35_x86_64})
 */
public record PythonTarget(String pythonVersion, List<String> platforms) {
  private static final Pattern VERSION = Pattern.compile("3\\.(\\d{1,2})(?:\\.(\\d{1,3}))?");
  private static final Pattern MANYLINUX = Pattern.compile("manylinux_2_(\\d+)_(\\w+)");
  private static final Pattern MACHINE =
      Pattern.compile(".*?(x86_64|aarch64|arm64|amd64|i686|ppc64le|s390x|armv7l|universal2)");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_.]+");
  private static final Map<String, Integer> LEGACY = Map.of("manylinux1", 5, "manylinux2010", 12, "manylinux2014", 17);

  /** SageMaker Studio's current Python image: CPython 3.11 on Ubuntu 22.04 (glibc 2.35), x86_64. */
  public static final PythonTarget SAGEMAKER_STUDIO = new PythonTarget("3.11", List.of("manylinux_2_35_x86_64"));

  public PythonTarget {
    Objects.requireNonNull(pythonVersion, "pythonVersion");
    if (!VERSION.matcher(pythonVersion).matches()) {
      throw new IllegalArgumentException("python version '" + pythonVersion + "' is not 3.X or 3.X.Y");
    }
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("at least one platform tag is needed, e.g. manylinux_2_35_x86_64");
    }
    for (String p : platforms) {
      if (!PLATFORM.matcher(p).matches()) {
        throw new IllegalArgumentException("'" + p + "' is not a platform tag such as manylinux_2_35_x86_64");
      }
    }
  }

  private int minor() {
    Matcher m = VERSION.matcher(pythonVersion);
    m.matches();
    return Integer.parseInt(m.group(1));
  }

  /** {@code 3.11}. */
  public String majorMinor() {
    return "3." + minor();
  }

  /** {@code 3.11.0} when only {@code 3.11} was given. */
  public String fullVersion() {
    return pythonVersion.chars().filter(c -> c == '.').count() == 2 ? pythonVersion : pythonVersion + ".0";
  }

  /** The machine of the first platform tag ({@code x86_64}). */
  public String machine() {
    Matcher m = MACHINE.matcher(platforms.get(0));
    return m.matches() ? m.group(1) : platforms.get(0);
  }

  /** The PEP 508 marker variables of this target, with {@code extra} set. */
  public Map<String, String> environment(String extra) {
    Map<String, String> env = new HashMap<>();
    boolean linux = platforms.get(0).contains("linux");
    env.put("python_version", majorMinor());
    env.put("python_full_version", fullVersion());
    env.put("implementation_version", fullVersion());
    env.put("implementation_name", "cpython");
    env.put("platform_python_implementation", "CPython");
    env.put("os_name", linux ? "posix" : "nt");
    env.put("sys_platform", linux ? "linux" : platforms.get(0).startsWith("macosx") ? "darwin" : "win32");
    env.put("platform_system", linux ? "Linux" : platforms.get(0).startsWith("macosx") ? "Darwin" : "Windows");
    env.put("platform_machine", machine());
    env.put("platform_release", "");
    env.put("platform_version", "");
    env.put("extra", extra);
    return env;
  }

  /** Whether {@code requiresPython} (a specifier, possibly empty) allows this target's Python. */
  public boolean allowsPython(Optional<String> requiresPython) {
    if (requiresPython.isEmpty() || requiresPython.get().isBlank()) {
      return true;
    }
    try {
      return PythonSpecifier.parse(requiresPython.get()).contains(fullVersion());
    } catch (IllegalArgumentException unreadable) {
      return true; // pip ignores an invalid Requires-Python
    }
  }

  /** Every tag triple this target installs, best first, as pip orders them. */
  public List<String> tags() {
    int minor = minor();
    List<String> plats = expandedPlatforms();
    List<String> tags = new ArrayList<>();
    String cp = "cp3" + minor;
    for (String abi : List.of(cp, "abi3", "none")) {
      plats.forEach(p -> tags.add(cp + "-" + abi + "-" + p));
    }
    for (int m = minor - 1; m >= 2; m--) {
      for (String p : plats) {
        tags.add("cp3" + m + "-abi3-" + p);
      }
    }
    for (String py : pyVersions(minor)) {
      plats.forEach(p -> tags.add(py + "-none-" + p));
    }
    tags.add(cp + "-none-any");
    for (String py : pyVersions(minor)) {
      tags.add(py + "-none-any");
    }
    return tags;
  }

  private static List<String> pyVersions(int minor) {
    List<String> py = new ArrayList<>();
    py.add("py3" + minor);
    py.add("py3");
    for (int m = minor - 1; m >= 0; m--) {
      py.add("py3" + m);
    }
    return py;
  }

  private List<String> expandedPlatforms() {
    LinkedHashMap<String, Boolean> all = new LinkedHashMap<>();
    for (String p : platforms) {
      all.put(p, true);
      Matcher m = MANYLINUX.matcher(p);
      if (m.matches()) {
        int glibc = Integer.parseInt(m.group(1));
        String arch = m.group(2);
        for (int y = glibc; y >= 5; y--) {
          all.put("manylinux_2_" + y + "_" + arch, true);
          for (var legacy : LEGACY.entrySet()) {
            if (legacy.getValue() == y) {
              all.put(legacy.getKey() + "_" + arch, true);
            }
          }
        }
      }
    }
    return List.copyOf(all.keySet());
  }

  /**
   * How well a wheel fits: the position of its best tag in {@link #tags()} (lower is better), or
   * empty when it does not install here. Compressed tag sets ({@code py2.py3}) are expanded.
   */
  public OptionalInt rank(PythonFileNames.WheelName wheel) {
    List<String> tags = tags();
    int best = Integer.MAX_VALUE;
    for (String py : wheel.pythonTag().toLowerCase(Locale.ROOT).split("\\.", -1)) {
      for (String abi : wheel.abiTag().toLowerCase(Locale.ROOT).split("\\.", -1)) {
        for (String plat : wheel.platformTag().toLowerCase(Locale.ROOT).split("\\.", -1)) {
          int at = tags.indexOf(py + "-" + abi + "-" + plat);
          if (at >= 0) {
            best = Math.min(best, at);
          }
        }
      }
    }
    return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
  }

  @Override
  public String toString() {
    return "CPython " + pythonVersion + " on " + String.join(",", platforms);
  }
}
