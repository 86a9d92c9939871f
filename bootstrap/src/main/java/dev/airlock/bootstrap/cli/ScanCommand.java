package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.aws.inspector.CycloneDxSbomGenerator;
import dev.airlock.adapter.aws.inspector.GeneratedSbom;
import dev.airlock.adapter.intake.fetch.LocalFileArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ScanArchiveCommand;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.config.AdapterChoices;
import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock scan}: scans one local archive and says what the policy would decide. */
@Command(name = "scan", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Scan one local archive and say what the policy would decide; publishes nothing.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the policy would approve it",
        "1:the scan could not finish",
        "2:usage or configuration error",
        "3:the policy would refuse it"})
final class ScanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "A .zip, .whl, .tar.gz or .tgz archive.")
  Path archive;

  @Option(names = "--name", description = "Package name for waivers (default: from the archive's file name).")
  Optional<String> name;

  @Option(names = "--sbom-out", paramLabel = "FILE",
      description = "Also write the CycloneDX 1.5 SBOM of the archive's manifests to FILE (needs no AWS). "
          + "Env: AIRLOCK_SBOM_OUT.")
  Optional<Path> sbomOut;

  @Option(names = "--allow-host", paramLabel = "LIST",
      description = "Hosts (host or host:port, comma-separated) the osv scanner may reach besides api.osv.dev. "
          + "Env: AIRLOCK_ALLOWED_HOSTS.")
  Optional<String> allowHosts;

  @Mixin
  SharedOptions shared;

  @Mixin
  ArchiveLimitOptions archiveLimits;

  private final CliContext context;

  ScanCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    shared.applyLogLevel();
    if (!Files.isRegularFile(archive)) {
      throw new ConfigurationException("archive " + archive + " does not exist");
    }
    String packageName = name.orElseGet(() -> nameFromFile(archive.getFileName().toString()));
    PackageNames.problem(packageName).ifPresent(problem -> {
      throw new ConfigurationException("--name: " + problem);
    });
    Settings settings = new Settings(Optional.empty(), "file",
        AdapterChoices.many("scanner", "--scanners", shared.scanners, AdapterChoices.SCANNERS),
        "file", List.of(), "file", Path.of("."), shared.policy, AllowedHosts.parse(allowHosts), false,
        Durations.parse("--scan-timeout", shared.scanTimeout), 1, context.runId(), AwsSettings.none(),
        archiveLimits.limits(),
        shared.sarifCommand,
        GitHubSettings.none(),
        shared.osvApiUrl);
    Console console = context.console();
    AppComponent component = AppComponent.create(settings, context.clock(), console.err());
    ScanArchiveUseCase scanArchive = component.scanArchive();
    ScanArchiveResult result;
    boolean sbomWritten = true;
    try (LocalFileArtifact artifact = LocalFileArtifact.of(archive)) {
      PackageRequest request = PackageRequest.builder().name(packageName)
          .url(archive.toAbsolutePath().toUri()).build();
      result = scanArchive.scan(new ScanArchiveCommand(request, artifact));
      if (sbomOut.isPresent()) {
        sbomWritten = writeSbom(component.sbomGenerator(), request, artifact, console);
      }
    } catch (IOException e) {
      throw new ConfigurationException("archive " + archive + " cannot be read: " + e.getMessage(), e);
    }
    if (shared.format == SharedOptions.Format.json) {
      Output.printJson(console.out(), Output.scanDocument(archive, result));
    } else {
      Output.printScan(console.out(), archive, result);
    }
    console.out().flush();
    if (!sbomWritten) {
      return ExitCodes.ERROR;
    }
    return switch (result.verdict().outcome()) {
      case APPROVED -> ExitCodes.OK;
      case REFUSED -> ExitCodes.REFUSED;
      case ERROR, REVOKED -> ExitCodes.ERROR;
    };
  }

  /** Writes the archive's SBOM to {@code --sbom-out}; false (said on stderr) when the archive cannot be read. */
  private boolean writeSbom(CycloneDxSbomGenerator generator, PackageRequest request, LocalFileArtifact artifact,
      Console console) {
    Path target = sbomOut.orElseThrow();
    GeneratedSbom sbom;
    try {
      sbom = generator.generate(request, artifact);
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
      throw new ConfigurationException("--sbom-out " + target + " cannot be written: " + e.getMessage(), e);
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
