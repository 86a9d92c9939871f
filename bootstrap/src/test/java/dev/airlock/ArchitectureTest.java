package dev.airlock;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.OnionArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.airlock.application.port.in.CheckRequestsUseCase;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.PackageRepository;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/design.md, checked on the compiled classes of every module. */
@AnalyzeClasses(packages = "dev.airlock", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Each adapter module's root package, by the name the onion gives it; a new adapter module is added here. */
  private static final Map<String, String> ADAPTERS = adapters("intake", "scan", "storage", "output", "aws", "github", "osv");
  /** The plain libraries beside the onion: no use case, no adapter. */
  private static final String[] LIBRARIES = {"dev.airlock.archive..", "dev.airlock.scanner..", "dev.airlock.files.."};
  /**
   * Inside an adapter module each feature package (ledger, fetch, sarif) stands alone; these are the
   * only packages its siblings may use, and they use no sibling themselves.
   */
  private static final Set<String> SHARED_INSIDE_ADAPTERS = Set.of(
      "dev.airlock.adapter.storage.json",  // the documents the file ledger and the file repository write
      "dev.airlock.adapter.github");       // the GitHub client every GitHub adapter talks through

  /** The only links between two feature packages of one adapter module, each for a stated reason. */
  private static final Set<String> DECLARED_LINKS = Set.of(
      // Registry documents are read through the same SSRF-safe, allow-listed HTTP stack as downloads.
      "dev.airlock.adapter.intake.registry -> dev.airlock.adapter.intake.fetch",
      // The merge's run pins each row to the content its pull request's check saw.
      "dev.airlock.adapter.github.source -> dev.airlock.adapter.github.pullrequest");

  @ArchTest
  static final ArchRule layers_follow_the_onion = onion()
      .ignoreDependency(resideInAPackage("dev.airlock.bootstrap.."), alwaysTrue())
      // The libraries sit beside the onion, using the domain's types; their own rules below bound them.
      .ignoreDependency(resideInAnyPackage(LIBRARIES), resideInAPackage("dev.airlock.domain.."))
      .because("the domain and use cases must not know which adapters exist; only bootstrap wires them");

  @ArchTest
  static final ArchRule every_adapter_is_named_in_the_onion = classes()
      .that().resideInAPackage("dev.airlock.adapter..")
      .should().resideInAnyPackage(ADAPTERS.values().toArray(String[]::new))
      .because("an adapter package the onion does not name would escape its rules");

  @ArchTest
  static final ArchRule the_files_library_depends_on_the_jdk_only = classes()
      .that().resideInAPackage("dev.airlock.files..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.airlock.files..", "java..")
      .because("atomic file writing is shared by the storage and output adapters, which must not depend on each other");

  @ArchTest
  static final ArchRule domain_depends_on_the_jdk_only = classes()
      .that().resideInAPackage("dev.airlock.domain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.airlock.domain..", "java..", "org.immutables..")
      .because("the domain jar is reused by other teams on its own, with no dependencies at run time");

  @ArchTest
  static final ArchRule configuration_depends_on_the_jdk_only = classes()
      .that().resideInAPackage("dev.airlock.configuration..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.airlock.configuration..", "java..",
          "org.immutables..")
      .because("the configuration catalogue is read by the CDK app too, which has none of the adapters");

  @ArchTest
  static final ArchRule the_archive_library_depends_on_the_jdk_and_commons_compress_only = classes()
      .that().resideInAPackage("dev.airlock.archive..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.airlock.archive..", "java..",
          "org.apache.commons.compress..")
      .because("the archive reader is a plain library other teams reuse without Airlock's application or adapters");

  @ArchTest
  static final ArchRule the_scanner_library_depends_on_domain_archive_jackson_and_a_parser_only = classes()
      .that().resideInAPackage("dev.airlock.scanner..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.airlock.scanner..", "dev.airlock.archive..",
          "dev.airlock.domain..", "java..", "com.fasterxml.jackson..", "com.google.javascript..")
      .because("the built-in scanner is a plain library (scan(name, archive) -> findings) other teams reuse"
          + " without Airlock's application or adapters; the Closure Compiler's parser tells it which"
          + " JavaScript runs on load");

  @ArchTest
  static final ArchRule core_has_no_infrastructure_types = noClasses()
      .that().resideInAnyPackage("dev.airlock.domain..", "dev.airlock.application..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "software.amazon.awssdk..", "org.kohsuke.github..", "com.fasterxml..", "dagger..", "javax.inject..",
          "jakarta.inject..", "java.net.http..", "java.nio.file..", "org.apache.commons.compress..", "picocli..")
      .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
      .because("the domain and use cases talk to the world only through ports");

  @ArchTest
  static final ArchRule only_bootstrap_uses_dagger = noClasses()
      .that().resideOutsideOfPackage("dev.airlock.bootstrap..")
      .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..")
      .because("use cases and adapters carry no DI annotations; bootstrap's @Provides methods call constructors");

  @ArchTest
  static final ArchRule adapters_see_ports_not_services = noClasses()
      .that().resideInAPackage("dev.airlock.adapter..")
      .should().dependOnClassesThat().resideInAPackage("dev.airlock.application.service..")
      .because("adapters implement ports; which service uses them is bootstrap's business");

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other = slices()
      .matching("dev.airlock.adapter.(*)..")
      .should().notDependOnEachOther()
      .because("each adapter module must build and ship on its own");

  @ArchTest
  static final ArchRule nothing_depends_on_bootstrap = noClasses()
      .that().resideOutsideOfPackage("dev.airlock.bootstrap..")
      .should().dependOnClassesThat().resideInAPackage("dev.airlock.bootstrap..")
      .because("bootstrap is the outermost ring");

  @ArchTest
  static final ArchRule outgoing_ports_are_interfaces = classes()
      .that().resideInAPackage("dev.airlock.application.port.out..")
      .should().beInterfaces()
      .because("a driven port is a role the use case talks to, implemented by adapters");

  @ArchTest
  static final ArchRule incoming_port_interfaces_are_use_cases = classes()
      .that().resideInAPackage("dev.airlock.application.port.in..").and().areInterfaces()
      .should().haveSimpleNameEndingWith("UseCase")
      .because("driving ports are named for the use case they offer");

  @ArchTest
  static final ArchRule port_implementations_live_in_adapters = classes()
      .that().implement(resideInAnyPackage("dev.airlock.application.port.out..", "dev.airlock.application.port"))
      .should().resideInAPackage("dev.airlock.adapter..")
      .because("only adapters implement driven ports and the fetched artifact (test fakes are not imported here)");

  @ArchTest
  static final ArchRule incoming_and_outgoing_ports_are_independent = CompositeArchRule
      .of(noClasses().that().resideInAPackage("dev.airlock.application.port.in..")
          .should().dependOnClassesThat().resideInAPackage("dev.airlock.application.port.out.."))
      .and(noClasses().that().resideInAPackage("dev.airlock.application.port.out..")
          .should().dependOnClassesThat().resideInAPackage("dev.airlock.application.port.in.."))
      .because("what the use cases offer and what they drive meet only in the services; the results and"
          + " messages both sides speak of live in application.result and application.message");

  @ArchTest
  static final ArchRule every_outgoing_port_is_driven_by_a_service = classes()
      .that().resideInAPackage("dev.airlock.application.port.out..").and().areInterfaces().and().areTopLevelClasses()
      .should(new ArchCondition<JavaClass>("be used by a class in application.service") {
        @Override
        public void check(JavaClass port, ConditionEvents events) {
          boolean driven = port.getDirectDependenciesToSelf().stream()
              .anyMatch(d -> d.getOriginClass().getPackageName().startsWith("dev.airlock.application.service"));
          events.add(new SimpleConditionEvent(port, driven, port.getName()
              + (driven ? " is" : " is not") + " used by any class in dev.airlock.application.service"));
        }
      })
      .because("a driven port no use case drives is a library call dressed as a port");

  @ArchTest
  static final ArchRule no_cycles_between_packages = slices()
      .assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String pkg = javaClass.getPackageName();
          // bootstrap is the composition root: its cli and config packages wire each other by design
          return pkg.startsWith("dev.airlock.bootstrap") ? SliceIdentifier.of("dev.airlock.bootstrap")
              : pkg.startsWith("dev.airlock.") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "every package of dev.airlock (bootstrap as one)";
        }
      })
      .should().beFreeOfCycles()
      .because("a cycle between packages, even inside one module, makes neither of them understandable alone");

  @ArchTest
  static final ArchRule packages_inside_an_adapter_module_link_only_as_declared = classes()
      .that().resideInAPackage("dev.airlock.adapter..")
      .should(new ArchCondition<JavaClass>("use no sibling package of their adapter module but a shared one") {
        @Override
        public void check(JavaClass origin, ConditionEvents events) {
          String from = unitOf(origin.getPackageName());
          String module = moduleOf(origin.getPackageName());
          origin.getDirectDependenciesFromSelf().stream()
              .filter(d -> moduleOf(d.getTargetClass().getBaseComponentType().getPackageName()).equals(module))
              .filter(d -> {
                String to = unitOf(d.getTargetClass().getBaseComponentType().getPackageName());
                return !to.equals(from) && !DECLARED_LINKS.contains(from + " -> " + to)
                    && (SHARED_INSIDE_ADAPTERS.contains(from) || !SHARED_INSIDE_ADAPTERS.contains(to));
              })
              .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
        }
      })
      .because("a feature package of an adapter module must be readable and replaceable on its own");

  @ArchTest
  static final ArchRule only_bootstrap_touches_standard_streams = noClasses()
      .that().resideOutsideOfPackage("dev.airlock.bootstrap..")
      .should(ACCESS_STANDARD_STREAMS)
      .because("output goes through injected writers so JSON mode keeps stdout clean");

  @ArchTest
  static final ArchRule a_check_can_neither_publish_nor_record = noClasses()
      .that().implement(CheckRequestsUseCase.class)
      .or().haveFullyQualifiedName("dev.airlock.bootstrap.CheckModule")
      .or().haveFullyQualifiedName("dev.airlock.bootstrap.CheckComponent")
      .should().dependOnClassesThat().belongToAnyOf(PackageRepository.class, DecisionLedger.class)
      .because("a pull request's check is advice: only the run on the merge may publish or record a decision");

  @Test
  void shouldFindClassesInEveryAdapterPackageTheOnionNamesWhenAnalysing() {
    // Guards the onion against naming a package that no longer holds anything (a rename it missed).
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.airlock.adapter");
    assertThat(ADAPTERS).allSatisfy((name, pkg) -> assertThat(classes.that(resideInAPackage(pkg)))
        .as("classes in adapter %s (%s)", name, pkg).isNotEmpty());
  }

  private static OnionArchitecture onion() {
    OnionArchitecture onion = onionArchitecture()
        .domainModels("dev.airlock.domain..")
        .domainServices("dev.airlock.application.port..", "dev.airlock.application.result..",
            "dev.airlock.application.message..")
        .applicationServices("dev.airlock.application.service..");
    ADAPTERS.forEach(onion::adapter);
    return onion;
  }

  /** {@code dev.airlock.adapter.storage} for any package of the storage adapters; "" outside the adapters. */
  private static String moduleOf(String pkg) {
    String[] parts = pkg.split("\\.");
    return pkg.startsWith("dev.airlock.adapter.") && parts.length > 3 ? String.join(".", Arrays.copyOf(parts, 4)) : "";
  }

  /** The feature package a package belongs to ({@code dev.airlock.adapter.storage.ledger}), or its module root. */
  private static String unitOf(String pkg) {
    String[] parts = pkg.split("\\.");
    return String.join(".", Arrays.copyOf(parts, Math.min(parts.length, 5)));
  }

  private static Map<String, String> adapters(String... names) {
    Map<String, String> adapters = new LinkedHashMap<>();
    for (String name : names) {
      adapters.put(name, "dev.airlock.adapter." + name + "..");
    }
    return Map.copyOf(adapters);
  }

  @Test
  void shouldImportEveryModuleWhenAnalysing() {
    // Guards the rules above against passing on an empty import (a misspelt package, a missing jar).
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.airlock");
    assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
        .contains("dev.airlock.domain", "dev.airlock.application.service", "dev.airlock.application.port.out",
            "dev.airlock.adapter.intake.fetch", "dev.airlock.adapter.scan.builtin", "dev.airlock.bootstrap",
            "dev.airlock.bootstrap.cli", "dev.airlock.archive", "dev.airlock.scanner", "dev.airlock.files",
            "dev.airlock.adapter.storage.ledger", "dev.airlock.adapter.storage.repository",
            "dev.airlock.adapter.output.report", "dev.airlock.configuration", "dev.airlock.adapter.osv");
    assertThat(classes.size()).isGreaterThan(50);
  }
}
