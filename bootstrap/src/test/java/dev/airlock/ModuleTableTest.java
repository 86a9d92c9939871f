package dev.airlock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module table of docs/design.md tells the truth: one row per Maven module of the root pom and no other,
 * each with its own one-sentence description and exactly the Airlock modules its pom depends on at compile time.
 */
class ModuleTableTest {
  private static final Path ROOT = Path.of("..");
  private static final String GROUP = "dev.airlock";
  private static final String PREFIX = "airlock-";
  /** A row of the table: | `module` | what it owns | `dependency`, ... or — |. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (.+) \\| (.+) \\|$");
  private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");

  @Test
  void shouldListEveryModuleOfTheRootPomWhenTheDesignIsRead() throws Exception {
    // Given
    List<String> modules = modulesOfRootPom();
    Map<String, Row> table = moduleTable();

    // Then
    assertThat(modules).as("modules of the root pom").hasSizeGreaterThan(10);
    assertThat(table.keySet()).as("rows of the module table in docs/design.md")
        .containsExactlyInAnyOrderElementsOf(modules);
  }

  @Test
  void shouldDescribeEachModuleInOneSentenceOfItsOwn() throws Exception {
    // Given
    Map<String, Row> table = moduleTable();

    // Then
    assertThat(table.values()).allSatisfy(row -> {
      assertThat(row.owns()).as("what %s owns", row.module()).matches("[A-Z`].{20,}[.]");
      assertThat(row.owns().replaceAll("\\([^)]*\\)|`[^`]*`", "").replaceAll("\\.$", ""))
          .as("what %s owns, in one sentence", row.module()).doesNotContain(". ");
    });
    assertThat(table.values().stream().map(Row::owns)).as("descriptions").doesNotHaveDuplicates();
  }

  @Test
  void shouldNameExactlyTheAirlockModulesEachPomDependsOnAtCompileTime() throws Exception {
    // Given
    Map<String, Row> table = moduleTable();

    // Then
    for (String module : modulesOfRootPom()) {
      assertThat(table.get(module).dependsOn())
          .as("the modules %s depends on, by the table and by %s/pom.xml", module, module)
          .isEqualTo(compileDependencies(module));
    }
  }

  @Test
  void shouldReadAnInventedModuleAsARowWhenTheTableHasOne() {
    // Given: the parser's own check, on a row such as a new module would add
    Matcher row = ROW.matcher("| `adapters-new` | Something it owns, in one sentence. | `application`, `files` |");

    // Then
    assertThat(row.matches()).isTrue();
    assertThat(row.group(1)).isEqualTo("adapters-new");
    assertThat(names(row.group(3))).containsExactly("application", "files");
    assertThat(ROW.matcher("| module | owns | depends on |").matches()).isFalse();
  }

  /** One row of the table. */
  private record Row(String module, String owns, Set<String> dependsOn) {}

  private static Map<String, Row> moduleTable() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs").resolve("design.md"));
    int heading = lines.indexOf("## Modules");
    assertThat(heading).as("docs/design.md has a '## Modules' section").isNotNegative();
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        assertThat(rows).as("rows of the module table").doesNotContainKey(row.group(1));
        rows.put(row.group(1), new Row(row.group(1), row.group(2).trim(), names(row.group(3))));
      }
    }
    return rows;
  }

  private static Set<String> names(String cell) {
    Set<String> names = new TreeSet<>();
    Matcher name = NAME.matcher(cell);
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }

  private static List<String> modulesOfRootPom() throws Exception {
    NodeList modules = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
    return IntStream.range(0, modules.getLength()).mapToObj(i -> modules.item(i).getTextContent().trim()).toList();
  }

  /** The Airlock modules a module's pom depends on in the compile scope (test-jars and test scope left out). */
  private static Set<String> compileDependencies(String module) throws Exception {
    Element project = pom(ROOT.resolve(module).resolve("pom.xml"));
    NodeList dependencies = project.getElementsByTagName("dependency");
    return IntStream.range(0, dependencies.getLength())
        .mapToObj(i -> (Element) dependencies.item(i))
        .filter(dependency -> !inDependencyManagement(dependency))
        .filter(dependency -> GROUP.equals(child(dependency, "groupId")))
        .filter(dependency -> child(dependency, "scope").isEmpty() || "compile".equals(child(dependency, "scope")))
        .filter(dependency -> child(dependency, "type").isEmpty() || "jar".equals(child(dependency, "type")))
        .map(dependency -> child(dependency, "artifactId"))
        .map(artifact -> {
          assertThat(artifact).as("an Airlock artifact of %s/pom.xml", module).startsWith(PREFIX);
          return artifact.substring(PREFIX.length());
        })
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean inDependencyManagement(Element dependency) {
    for (var parent = dependency.getParentNode(); parent != null; parent = parent.getParentNode()) {
      if ("dependencyManagement".equals(parent.getNodeName())) {
        return true;
      }
    }
    return false;
  }

  private static String child(Element element, String name) {
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (name.equals(children.item(i).getNodeName())) {
        return children.item(i).getTextContent().trim();
      }
    }
    return "";
  }

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }
}
