package dev.airlock.adapter.aws.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dependencies out of Python and npm manifests: {@code requirements*.txt},
 * {@code pyproject.toml} (PEP 621 and Poetry), {@code setup.cfg}, {@code setup.py} (a literal
 * {@code install_requires} list only, never executed), {@code Pipfile.lock}, {@code poetry.lock},
 * {@code PKG-INFO}/{@code METADATA}, {@code package.json} and {@code package-lock.json} (v1 to v3).
 * Development-only dependencies (npm {@code devDependencies}, Pipfile {@code develop}) are left out:
 * they are not installed with the package.
 */
final class ManifestParser {
  /** What kind of manifest a file is, judged by its name. */
  enum Kind {
    REQUIREMENTS, PYPROJECT, SETUP_CFG, SETUP_PY, PIPFILE_LOCK, POETRY_LOCK, PKG_INFO, PACKAGE_JSON, PACKAGE_LOCK
  }

  /** What one manifest says: its dependencies and, for package metadata, the package's own identity. */
  record Parsed(List<Dependency> dependencies, Optional<Dependency> self) {
    static Parsed of(List<Dependency> dependencies) {
      return new Parsed(dependencies, Optional.empty());
    }
  }

  private static final Pattern REQUIREMENTS_FILE = Pattern.compile("requirements[\\w.-]*\\.txt");
  private static final Pattern NPM_EXACT = Pattern.compile(
      "^=?v?(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)$");
  private static final Pattern POETRY_EXACT = Pattern.compile("^(?:==?)?\\s*(\\d[A-Za-z0-9.+!_-]*)$");
  private static final Pattern PIPFILE_EXACT = Pattern.compile("^===?\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$");
  private static final Pattern SETUP_PY_REQUIRES = Pattern.compile("\\binstall_requires\\s*=\\s*");

  private final ObjectMapper json = new ObjectMapper();
  private final TomlMapper toml = new TomlMapper();

  /** The kind of manifest at archive path {@code path}, if it is one. */
  static Optional<Kind> kindOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    String lower = file.toLowerCase(Locale.ROOT);
    if (REQUIREMENTS_FILE.matcher(lower).matches()) {
      return Optional.of(Kind.REQUIREMENTS);
    }
    return Optional.ofNullable(switch (file) {
      case "pyproject.toml" -> Kind.PYPROJECT;
      case "setup.cfg" -> Kind.SETUP_CFG;
      case "setup.py" -> Kind.SETUP_PY;
      case "Pipfile.lock" -> Kind.PIPFILE_LOCK;
      case "poetry.lock" -> Kind.POETRY_LOCK;
      case "PKG-INFO" -> Kind.PKG_INFO;
      case "METADATA" -> path.contains(".dist-info/") ? Kind.PKG_INFO : null;
      case "package.json" -> Kind.PACKAGE_JSON;
      case "package-lock.json", "npm-shrinkwrap.json" -> Kind.PACKAGE_LOCK;
      default -> null;
    });
  }

  /**
   * The dependencies manifest {@code path} of kind {@code kind} declares.
   *
   * @throws IOException when the manifest is not what its name says (bad JSON or TOML, say), or a
   *     {@code setup.py} computes its requirements instead of listing them
   */
  Parsed parse(Kind kind, String path, String text) throws IOException {
    return switch (kind) {
      case REQUIREMENTS -> Parsed.of(requirements(path, text));
      case PYPROJECT -> pyproject(path, toml.readTree(text));
      case SETUP_CFG -> Parsed.of(setupCfg(path, text));
      case SETUP_PY -> Parsed.of(setupPy(path, text));
      case PIPFILE_LOCK -> Parsed.of(pipfileLock(path, json.readTree(text)));
      case POETRY_LOCK -> Parsed.of(poetryLock(path, toml.readTree(text)));
      case PKG_INFO -> pkgInfo(path, text);
      case PACKAGE_JSON -> packageJson(path, json.readTree(text));
      case PACKAGE_LOCK -> Parsed.of(packageLock(path, json.readTree(text)));
    };
  }

  private static List<Dependency> requirements(String path, String text) {
    List<Dependency> found = new ArrayList<>();
    for (String line : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\\R", -1)) {
      String requirement = stripComment(line).strip();
      int option = requirement.indexOf(" --");
      if (option >= 0) {
        requirement = requirement.substring(0, option).strip(); // --hash=... and other per-line options
      }
      // -r/-c/-e/--index-url lines, local paths and bare URLs name no registry package.
      if (requirement.isEmpty() || requirement.startsWith("-") || requirement.startsWith(".")
          || requirement.startsWith("/") || requirement.matches("^[a-z+]+://.*")) {
        continue;
      }
      Pep508.parse(requirement, path, false).ifPresent(found::add);
    }
    return found;
  }

  private static String stripComment(String line) {
    if (line.startsWith("#")) {
      return "";
    }
    int hash = line.indexOf(" #");
    return hash >= 0 ? line.substring(0, hash) : line;
  }

  private static Parsed pyproject(String path, JsonNode root) {
    List<Dependency> found = new ArrayList<>();
    JsonNode project = root.path("project");
    Optional<Dependency> self = Optional.empty();
    if (project.path("name").isTextual() && !project.path("name").asText().isBlank()) {
      String version = project.path("version").asText("").strip(); // absent when "dynamic"
      self = Optional.of(Dependency.python(project.path("name").asText(),
          version.isEmpty() ? Optional.empty() : Optional.of(version), path, false));
    }
    for (JsonNode requirement : project.path("dependencies")) {
      Pep508.parse(requirement.asText(), path, false).ifPresent(found::add);
    }
    for (JsonNode group : project.path("optional-dependencies")) {
      for (JsonNode requirement : group) {
        Pep508.parse(requirement.asText(), path, true).ifPresent(found::add);
      }
    }
    JsonNode poetry = root.path("tool").path("poetry");
    poetryDependencies(path, poetry.path("dependencies"), false, found);
    poetryDependencies(path, poetry.path("dev-dependencies"), true, found);
    for (JsonNode group : poetry.path("group")) {
      poetryDependencies(path, group.path("dependencies"), true, found);
    }
    return new Parsed(found, self);
  }

  private static void poetryDependencies(String path, JsonNode table, boolean optional, List<Dependency> found) {
    for (Map.Entry<String, JsonNode> entry : table.properties()) {
      if (entry.getKey().equalsIgnoreCase("python")) {
        continue;
      }
      JsonNode constraint = entry.getValue();
      boolean isOptional = optional || constraint.path("optional").asBoolean(false);
      String version = constraint.isTextual() ? constraint.asText() : constraint.path("version").asText("");
      Matcher exact = POETRY_EXACT.matcher(version.strip());
      Optional<String> pinned = exact.matches() ? Optional.of(exact.group(1)) : Optional.empty();
      found.add(Dependency.python(entry.getKey(), pinned, path, isOptional));
    }
  }

  private static List<Dependency> setupCfg(String path, String text) {
    List<Dependency> found = new ArrayList<>();
    String section = "";
    String key = null;
    for (String raw : text.split("\\R", -1)) {
      String line = raw.startsWith("#") || raw.startsWith(";") ? "" : stripComment(raw);
      if (line.isBlank()) {
        continue;
      }
      boolean continuation = Character.isWhitespace(line.charAt(0));
      String value;
      if (!continuation && line.strip().startsWith("[")) {
        section = line.strip().replaceAll("^\\[|\\]$", "").strip().toLowerCase(Locale.ROOT);
        key = null;
        continue;
      } else if (!continuation) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          key = null;
          continue;
        }
        key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        value = line.substring(eq + 1);
      } else {
        value = line;
      }
      boolean required = section.equals("options") && "install_requires".equals(key);
      boolean extra = section.equals("options.extras_require") && key != null;
      if ((required || extra) && !value.isBlank()) {
        Pep508.parse(value.strip(), path, extra).ifPresent(found::add);
      }
    }
    return found;
  }

  private static List<Dependency> setupPy(String path, String text) throws IOException {
    List<Dependency> found = new ArrayList<>();
    Matcher m = SETUP_PY_REQUIRES.matcher(text);
    while (m.find()) {
      int i = m.end();
      if (i >= text.length() || (text.charAt(i) != '[' && text.charAt(i) != '(')) {
        throw new IOException("install_requires is computed, not a literal list");
      }
      char close = text.charAt(i) == '[' ? ']' : ')';
      i++;
      while (true) {
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
          i++;
        }
        if (i < text.length() && text.charAt(i) == '#') {
          while (i < text.length() && text.charAt(i) != '\n') {
            i++;
          }
          continue;
        }
        if (i >= text.length()) {
          throw new IOException("install_requires list is not closed");
        }
        char c = text.charAt(i);
        if (c == close) {
          break;
        }
        if (c != '"' && c != '\'') {
          throw new IOException("install_requires is computed, not a literal list");
        }
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          throw new IOException("install_requires holds an unterminated string");
        }
        Pep508.parse(text.substring(i + 1, end), path, false).ifPresent(found::add);
        i = end + 1;
      }
    }
    return found;
  }

  private static List<Dependency> pipfileLock(String path, JsonNode root) {
    List<Dependency> found = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.path("default").properties()) {
      Matcher exact = PIPFILE_EXACT.matcher(entry.getValue().path("version").asText("").strip());
      found.add(Dependency.python(entry.getKey(), exact.matches() ? Optional.of(exact.group(1)) : Optional.empty(),
          path, false));
    }
    return found;
  }

  private static List<Dependency> poetryLock(String path, JsonNode root) {
    List<Dependency> found = new ArrayList<>();
    for (JsonNode pkg : root.path("package")) {
      if (pkg.path("category").asText("main").equals("dev") || !pkg.hasNonNull("name")) {
        continue;
      }
      String version = pkg.path("version").asText("");
      found.add(Dependency.python(pkg.get("name").asText(),
          version.isBlank() ? Optional.empty() : Optional.of(version), path, pkg.path("optional").asBoolean(false)));
    }
    return found;
  }

  private static Parsed pkgInfo(String path, String text) {
    List<Dependency> found = new ArrayList<>();
    String name = null;
    String version = null;
    for (String line : text.split("\\R", -1)) {
      if (line.isEmpty()) {
        break; // the headers end at the first blank line; the long description follows
      }
      if (line.startsWith("Name:")) {
        name = line.substring(5).strip();
      } else if (line.startsWith("Version:")) {
        version = line.substring(8).strip();
      } else if (line.startsWith("Requires-Dist:")) {
        Pep508.parse(line.substring(14), path, false).ifPresent(found::add);
      }
    }
    Optional<Dependency> self = name == null || name.isBlank() ? Optional.empty()
        : Optional.of(Dependency.python(name, Optional.ofNullable(version).filter(v -> !v.isBlank()), path, false));
    return new Parsed(found, self);
  }

  private static Parsed packageJson(String path, JsonNode root) {
    List<Dependency> found = new ArrayList<>();
    npmDependencies(path, root.path("dependencies"), false, found);
    npmDependencies(path, root.path("optionalDependencies"), true, found);
    Optional<Dependency> self = Optional.empty();
    if (root.path("name").isTextual() && !root.path("name").asText().isBlank()) {
      Matcher exact = NPM_EXACT.matcher(root.path("version").asText("").strip());
      self = Optional.of(Dependency.npm(root.path("name").asText(),
          exact.matches() ? Optional.of(exact.group(1)) : Optional.empty(), path, false));
    }
    return new Parsed(found, self);
  }

  private static void npmDependencies(String path, JsonNode table, boolean optional, List<Dependency> found) {
    for (Map.Entry<String, JsonNode> entry : table.properties()) {
      Matcher exact = NPM_EXACT.matcher(entry.getValue().asText("").strip());
      found.add(Dependency.npm(entry.getKey(), exact.matches() ? Optional.of(exact.group(1)) : Optional.empty(),
          path, optional));
    }
  }

  private static List<Dependency> packageLock(String path, JsonNode root) {
    List<Dependency> found = new ArrayList<>();
    JsonNode packages = root.path("packages");
    if (packages.isObject() && !packages.isEmpty()) { // lockfileVersion 2 and 3
      for (Map.Entry<String, JsonNode> entry : packages.properties()) {
        String location = entry.getKey();
        JsonNode pkg = entry.getValue();
        int at = location.lastIndexOf("node_modules/");
        if (at < 0 || pkg.path("link").asBoolean(false) || isDev(pkg)) {
          continue; // the root project, workspace links and development-only packages
        }
        String name = pkg.path("name").asText(location.substring(at + "node_modules/".length()));
        found.add(lockEntry(name, pkg, path));
      }
    } else { // lockfileVersion 1: nested "dependencies"
      lockV1(path, root.path("dependencies"), found);
    }
    return found;
  }

  private static void lockV1(String path, JsonNode dependencies, List<Dependency> found) {
    for (Map.Entry<String, JsonNode> entry : dependencies.properties()) {
      if (isDev(entry.getValue())) {
        continue;
      }
      found.add(lockEntry(entry.getKey(), entry.getValue(), path));
      lockV1(path, entry.getValue().path("dependencies"), found);
    }
  }

  private static boolean isDev(JsonNode pkg) {
    return pkg.path("dev").asBoolean(false); // devOptional packages are installed as optional ones
  }

  private static Dependency lockEntry(String name, JsonNode pkg, String path) {
    Matcher exact = NPM_EXACT.matcher(pkg.path("version").asText("").strip());
    return Dependency.npm(name, exact.matches() ? Optional.of(exact.group(1)) : Optional.empty(), path,
        pkg.path("optional").asBoolean(false) || pkg.path("devOptional").asBoolean(false));
  }
}
