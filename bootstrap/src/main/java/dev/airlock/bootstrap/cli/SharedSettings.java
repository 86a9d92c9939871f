package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.IntakeLimits;
import dev.airlock.bootstrap.config.ResolveSettings;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.domain.PythonTarget;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settings the commands read the same way, from the catalogue's options and variables. */
final class SharedSettings {
  private static final Logger LOG = LoggerFactory.getLogger(SharedSettings.class);

  private SharedSettings() {}

  /** Sets the log level {@code --log-level} (or {@code -v}) asks for. */
  static void applyLogLevel(Values values) {
    String level = values.choice(Catalogue.LOG_LEVEL);
    Logging.level(values.flag(Catalogue.VERBOSE) ? "debug" : level);
  }

  /** Whether results are one JSON document. */
  static boolean json(Values values) {
    return values.choice(Catalogue.FORMAT).equals("json");
  }

  /** The archive limits every scanning command takes, on top of the defaults. */
  static IntakeLimits.Builder archiveLimits(Values values) {
    return IntakeLimits.builder()
        .maxUnpackedBytes(values.size(Catalogue.MAX_UNPACKED_SIZE))
        .maxArchiveEntries(values.count(Catalogue.MAX_ARCHIVE_ENTRIES, 1, Integer.MAX_VALUE))
        .maxArchiveNesting(values.count(Catalogue.MAX_ARCHIVE_NESTING, 0, Integer.MAX_VALUE));
  }

  /**
   * What run, check and reevaluate share: scanners, policy, allowed hosts, scan timeout, concurrency,
   * the AWS settings, the intake limits with the download's, the SARIF command and the OSV API.
   */
  static Settings.Builder pipeline(Values values, CliContext context) {
    return Settings.builder()
        .scanners(values.choices(Catalogue.SCANNERS))
        .dataDir(values.path(Catalogue.DATA_DIR).orElseThrow())
        .policyFile(values.path(Catalogue.POLICY))
        .allowedHosts(allowedHosts(values))
        .scanTimeout(values.positiveDuration(Catalogue.SCAN_TIMEOUT))
        .concurrency(values.count(Catalogue.CONCURRENCY, 1, 64))
        .runId(context.runId())
        .aws(aws(values))
        .intake(archiveLimits(values)
            .maxDownloadBytes(values.size(Catalogue.MAX_DOWNLOAD_SIZE))
            .downloadTimeout(values.positiveDuration(Catalogue.DOWNLOAD_TIMEOUT))
            .stallTimeout(values.positiveDuration(Catalogue.STALL_TIMEOUT))
            .build())
        .sarifCommand(values.text(Catalogue.SARIF_COMMAND))
        .osvApiUrl(values.required(Catalogue.OSV_API_URL));
  }

  /** The GitHub adapters' settings, CodeBuild's variables as fallbacks for the commits. */
  static GitHubSettings github(Values values) {
    return GitHubSettings.builder()
        .apiUrl(values.required(Catalogue.GITHUB_API_URL))
        .repository(values.text(Catalogue.GITHUB_REPOSITORY))
        .commit(values.text(Catalogue.COMMIT))
        .baseCommit(values.text(Catalogue.BASE_COMMIT))
        .environmentToken(values.text(Catalogue.GITHUB_TOKEN))
        .releaseRepository(values.text(Catalogue.GITHUB_RELEASE_REPOSITORY))
        .build();
  }

  static AwsSettings aws(Values values) {
    return AwsSettings.builder()
        .codeartifactDomain(values.text(Catalogue.CODEARTIFACT_DOMAIN))
        .codeartifactDomainOwner(values.text(Catalogue.CODEARTIFACT_DOMAIN_OWNER))
        .codeartifactRepository(values.text(Catalogue.CODEARTIFACT_REPOSITORY))
        .codeartifactNamespace(values.required(Catalogue.CODEARTIFACT_NAMESPACE))
        .codeartifactFormat(values.choice(Catalogue.CODEARTIFACT_FORMAT))
        .snsTopicArn(values.text(Catalogue.SNS_TOPIC_ARN))
        .githubTokenSecretId(values.text(Catalogue.GITHUB_TOKEN_SECRET_ID))
        .codeguruAnalysisType(values.choice(Catalogue.CODEGURU_ANALYSIS_TYPE))
        .dynamodbTable(values.text(Catalogue.DYNAMODB_TABLE))
        .build();
  }

  /** The hosts Airlock may contact: each {@code host} or {@code host:port}; the default hosts when none is given. */
  static Set<String> allowedHosts(Values values) {
    if (!values.given(Catalogue.ALLOW_HOST)) {
      return Set.copyOf(FetchSettings.DEFAULT_ALLOWED_HOSTS);
    }
    Set<String> hosts = new LinkedHashSet<>(values.list(Catalogue.ALLOW_HOST));
    if (hosts.isEmpty()) {
      throw ConfigurationException.badValue(values.where(Catalogue.ALLOW_HOST) + " names no host");
    }
    for (String host : hosts) {
      if (!host.matches("[A-Za-z0-9.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](:\\d{1,5})?")) {
        throw ConfigurationException.badValue(values.where(Catalogue.ALLOW_HOST) + " entry '" + host
            + "' is not host or host:port");
      }
    }
    return hosts;
  }

  /** Where release rows are resolved and for which Python and platforms. */
  static ResolveSettings resolve(Values values) {
    URI pypi = registryUrl(values, Catalogue.PYPI_URL, "https://pypi.org");
    URI npm = registryUrl(values, Catalogue.NPM_REGISTRY_URL, "https://registry.npmjs.org");
    try {
      return new ResolveSettings(pypi, npm, new PythonTarget(values.required(Catalogue.PYTHON_VERSION),
          values.list(Catalogue.PLATFORM)));
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(values.where(e.getMessage().startsWith("python")
          ? Catalogue.PYTHON_VERSION : Catalogue.PLATFORM) + ": " + e.getMessage());
    }
  }

  /** A registry's base URL: https (or http, for an allow-listed loopback host), a host, no credentials. */
  private static URI registryUrl(Values values, Setting setting, String example) {
    String text = values.required(setting);
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw ConfigurationException.badValue(values.where(setting) + " '" + text + "' is not a URL: "
          + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getRawUserInfo() != null) {
      throw ConfigurationException.badValue(values.where(setting) + " must be an https URL with a host "
          + "and no credentials, e.g. " + example);
    }
    return url;
  }

  /**
   * Checks, before anything is fetched, that the folders this run writes to can be written (exit 2
   * otherwise, rather than an ERROR per request after downloading), and removes the temporary files
   * of writes a killed run left there, once they are older than a claim lease.
   */
  static void prepareFolders(CliContext context, Values values, Settings settings, Optional<Path> reportDir,
      Duration lease) {
    List<Path> folders = new ArrayList<>();
    boolean dataDirUsed = settings.repository().equals("file") || settings.ledger().equals("file")
        || reportDir.isEmpty();
    if (dataDirUsed) {
      String what = reportDir.isEmpty() ? "the file repository, the file ledger and the reports"
          : "the file repository and the file ledger";
      checkWritable(values.where(Catalogue.DATA_DIR), settings.dataDir(), what);
      folders.add(settings.dataDir());
    }
    if (reportDir.isPresent()) {
      checkWritable(values.where(Catalogue.REPORT_DIR), reportDir.get(), "the reports");
      folders.add(reportDir.get());
    }
    Instant before = context.clock().instant().minus(lease);
    for (Path folder : folders) {
      try {
        int removed = AtomicFiles.removeStale(folder, before);
        if (removed > 0) {
          LOG.info("removed {} temporary file(s) an interrupted run left under {}", removed, folder);
        }
      } catch (IOException e) {
        LOG.warn("cannot clean temporary files under {}: {}", folder, e.getMessage());
      }
    }
  }

  private static void checkWritable(String option, Path folder, String what) {
    for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw ConfigurationException.badValue(option + " " + folder + " cannot be used: " + p
            + " is a file, not a folder (" + what + " go there)");
      }
    }
    try {
      Files.createDirectories(folder);
      Path probe = Files.createTempFile(folder, ".airlock-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
          : e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
      throw ConfigurationException.badValue(option + " " + folder + " cannot be written (" + reason + "); "
          + what + " go there");
    }
  }

}
