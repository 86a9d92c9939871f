package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.aws.inspector.GeneratedSbom;
import dev.airlock.adapter.intake.fetch.LocalFileArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ScanArchiveCommand;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock scan}: scans local archives and says what the policy would decide for each. */
@Command(name = "scan", mixinStandardHelpOptions = true, customSynopsis = "airlock scan ARCHIVE|FOLDER... [OPTIONS]",
    description = "Scan local archives, or every archive in a folder, and say what the policy would decide for "
        + "each; publishes nothing.",
    exitCodeListHeading = "%nExit codes (the worst verdict of all the archives):%n",
    exitCodeList = {
        "0:the policy would approve every archive",
        "1:some scan could not finish (ERROR)",
        "2:usage or configuration error",
        "3:the policy would refuse some archive, and none ended in ERROR"})
final class ScanCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "ARCHIVE",
      description = "A .zip, .whl, .tar.gz or .tgz archive, or a folder: every archive directly inside it.")
  List<Path> inputs;

  @Spec
  CommandSpec spec;

  private final CliContext context;

  ScanCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Values values = new Values(spec, context.environment());
    SharedSettings.applyLogLevel(values);
    List<Path> archives = archives(inputs);
    Optional<String> name = values.text(Catalogue.NAME);
    Optional<Path> sbomOut = values.path(Catalogue.SBOM_OUT);
    for (Setting one : List.of(Catalogue.NAME, Catalogue.SBOM_OUT)) {
      if (archives.size() > 1 && values.given(one)) {
        throw ConfigurationException.badValue(values.where(one) + " is for one archive, and " + archives.size()
            + " are to be scanned");
      }
    }
    name.flatMap(PackageNames::problem).ifPresent(problem -> {
      throw ConfigurationException.badValue(values.where(Catalogue.NAME) + ": " + problem);
    });
    Settings settings = Settings.builder()
        .scanners(values.choices(Catalogue.SCANNERS))
        .policyFile(values.path(Catalogue.POLICY))
        .allowedHosts(SharedSettings.allowedHosts(values))
        .scanTimeout(values.positiveDuration(Catalogue.SCAN_TIMEOUT))
        .runId(context.runId())
        .intake(SharedSettings.archiveLimits(values).build())
        .sarifCommand(values.text(Catalogue.SARIF_COMMAND))
        .osvApiUrl(values.required(Catalogue.OSV_API_URL))
        .build();
    boolean json = SharedSettings.json(values);
    Console console = context.console();
    AppComponent component = AppComponent.create(settings, context.clock(), console.err());
    ScanArchiveUseCase scanArchive = component.scanArchive();
    List<Output.Scanned> results = new ArrayList<>();
    boolean sbomWritten = true;
    for (Path archive : archives) {
      String packageName = name.orElseGet(() -> nameFromFile(archive.getFileName().toString()));
      PackageRequest request = PackageRequest.builder().name(packageName).url(archive.toAbsolutePath().toUri()).build();
      try (LocalFileArtifact artifact = LocalFileArtifact.of(archive)) {
        results.add(new Output.Scanned(archive, scanArchive.scan(new ScanArchiveCommand(request, artifact))));
        if (sbomOut.isPresent()) {
          sbomWritten = writeSbom(component, request, artifact, sbomOut.get(), console);
        }
      } catch (IOException e) {
        throw new ConfigurationException("archive " + archive + " cannot be read: " + e.getMessage(), e);
      }
    }
    boolean single = inputs.size() == 1 && archives.size() == 1 && !Files.isDirectory(inputs.get(0));
    if (json) {
      Output.printJson(console.out(), single ? Output.scanDocument(results.get(0)) : Output.scansDocument(results));
    } else {
      Output.printScans(console.out(), results);
    }
    console.out().flush();
    if (!sbomWritten) {
      return ExitCodes.ERROR;
    }
    return switch (Output.worst(results)) {
      case APPROVED -> ExitCodes.OK;
      case REFUSED -> ExitCodes.REFUSED;
      case ERROR, REVOKED, DEFERRED -> ExitCodes.ERROR; // a scan never defers: it has no release time
    };
  }

  /** The archives to scan: each file as given, and every archive directly inside each folder, by name. */
  private static List<Path> archives(List<Path> inputs) {
    List<Path> archives = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        List<Path> inside;
        try (Stream<Path> files = Files.list(input)) {
          inside = files.filter(Files::isRegularFile)
              .filter(f -> ArchiveNames.extension(f.getFileName().toString()).isPresent())
              .sorted().toList();
        } catch (IOException e) {
          throw new ConfigurationException("folder " + input + " cannot be read: " + e.getMessage(), e);
        }
        if (inside.isEmpty()) {
          throw new ConfigurationException("folder " + input + " holds no archive (.zip, .whl, .tar.gz, .tgz, .tar)");
        }
        archives.addAll(inside);
      } else if (Files.isRegularFile(input)) {
        archives.add(input);
      } else if (Files.exists(input)) {
        throw new ConfigurationException("archive " + input + " is not a file or a folder");
      } else {
        throw new ConfigurationException("archive " + input + " does not exist");
      }
    }
    return archives;
  }

  /**
   * Writes the archive's SBOM to {@code --sbom-out}: the one the Inspector scanner built in the scan's
   * pass over the archive, or, without Inspector, one built now; false (said on stderr) when the
   * archive cannot be read.
   */
  private static boolean writeSbom(AppComponent component, PackageRequest request, LocalFileArtifact artifact,
      Path target, Console console) {
    GeneratedSbom sbom;
    try {
      Optional<GeneratedSbom> built = component.sbomRecorder().lastFor(artifact.sha256());
      sbom = built.isPresent() ? built.get() : component.sbomGenerator().generate(request, artifact);
    } catch (PortException e) {
      console.err().println("airlock: cannot generate the SBOM: " + e.getMessage());
      return false;
    }
    try {
      Path parent = target.toAbsolutePath().getParent();
      Path temp = Files.createTempFile(parent, ".sbom-", ".json");
      try {
        Files.write(temp, sbom.toJson());
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ConfigurationException(Catalogue.SBOM_OUT.option().orElseThrow() + " " + target
          + " cannot be written: " + e.getMessage(), e);
    }
    console.err().println("airlock: wrote the SBOM (" + sbom.componentCount() + " components) to " + target);
    return true;
  }

  /** {@code requests-2.31.0.tar.gz} gives {@code requests}. */
  static String nameFromFile(String fileName) {
    String stem = ArchiveNames.stem(fileName);
    if (ArchiveNames.extension(fileName).filter(".whl"::equals).isPresent()) {
      stem = stem.split("-", 2)[0];
    } else {
      stem = stem.replaceFirst("[-_]v?\\d[\\w.]*$", "");
    }
    return PackageNames.problem(stem).isEmpty() ? stem : "archive";
  }
}
