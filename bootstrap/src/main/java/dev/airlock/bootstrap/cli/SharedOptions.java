package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.config.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options both {@code run} and {@code scan} take. */
final class SharedOptions {
  /** How results are printed. */
  enum Format { text, json }

  @Option(names = "--format", defaultValue = "text",
      description = "text or json (json: one document on stdout, everything else on stderr). Env: AIRLOCK_FORMAT.")
  Format format;

  @Option(names = "--scanners", defaultValue = "builtin", paramLabel = "LIST",
      description = "Scanners to run: builtin, sarif, codeguru, inspector, osv. Env: AIRLOCK_SCANNERS. Default: ${DEFAULT-VALUE}.")
  String scanners;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Policy file (threshold, waivers). Env: AIRLOCK_POLICY. Default: refuse at MEDIUM or above.")
  Optional<Path> policy;

  @Option(names = "--log-level", defaultValue = "warn", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace; logs go to stderr. Env: AIRLOCK_LOG_LEVEL. Default: ${DEFAULT-VALUE}.")
  String logLevel;

  @Option(names = {"-v", "--verbose"}, description = "Same as --log-level debug.")
  boolean verbose;

  @Option(names = "--scan-timeout", defaultValue = "PT30M", paramLabel = "DURATION",
      description = "Longest a remote scan may take (ISO-8601). Env: AIRLOCK_SCAN_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String scanTimeout;

  @Option(names = "--sarif-command", paramLabel = "COMMAND",
      description = "Command the sarif scanner runs, no shell: words with '...' or \"...\" quoting, or a JSON array; "
          + "{dir} is the unpacked package, {output} the SARIF file to write. Env: AIRLOCK_SARIF_COMMAND.")
  Optional<String> sarifCommand;

  @Option(names = "--osv-api-url", defaultValue = "https://api.osv.dev", paramLabel = "URL",
      description = "OSV API the osv scanner asks (it sends each package's ecosystem, name and version, never the "
          + "archive); another host must be in --allow-host. Env: AIRLOCK_OSV_API_URL. Default: ${DEFAULT-VALUE}.")
  String osvApiUrl;

  /** Sets the log level these options ask for. */
  void applyLogLevel() {
    String level = verbose ? "debug" : logLevel.strip().toLowerCase(Locale.ROOT);
    if (!List.of("error", "warn", "info", "debug", "trace").contains(level)) {
      throw new ConfigurationException(
          "--log-level must be error, warn, info, debug or trace, was '" + logLevel + "'");
    }
    Logging.level(level);
  }
}
