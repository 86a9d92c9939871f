package dev.airlock.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The checked configuration of one command: which adapters to use and how, built by the CLI from
 * options and their {@code AIRLOCK_*} variables (see the catalogue); anything a command does not
 * set keeps the default below.
 */
@Value.Immutable
public abstract class Settings {

  /** The request file, for {@code run}. */
  public abstract Optional<Path> requestFile();

  /** The request source: {@code file} or {@code github}. */
  @Value.Default
  public String source() {
    return "file";
  }

  /** The scanners, in the order they run. */
  public abstract List<String> scanners();

  /** Where approved packages are published. */
  @Value.Default
  public String repository() {
    return "file";
  }

  /** Who tells requesters. */
  public abstract List<String> notifiers();

  /** Where decisions are kept. */
  @Value.Default
  public String ledger() {
    return "file";
  }

  /** Where the file repository, the file ledger and the reports live. */
  @Value.Default
  public Path dataDir() {
    return Path.of("airlock-data");
  }

  /** The policy file, when not the built-in policy. */
  public abstract Optional<Path> policyFile();

  /** Hosts the fetcher may contact. */
  public abstract Set<String> allowedHosts();

  /** Whether {@code file:} URLs relative to the request file may be fetched. */
  @Value.Default
  public boolean allowFileUrls() {
    return false;
  }

  /** How long one remote scan may take. */
  public abstract Duration scanTimeout();

  /** How many requests are worked on at once. */
  @Value.Default
  public int concurrency() {
    return 1;
  }

  /** Identifies this run in logs and reports. */
  public abstract String runId();

  /** Settings of the AWS adapters. */
  @Value.Default
  public AwsSettings aws() {
    return AwsSettings.builder().build();
  }

  /** Limits on fetching and unpacking archives. */
  @Value.Default
  public IntakeLimits intake() {
    return IntakeLimits.builder().build();
  }

  /** The command line the {@code sarif} scanner runs. */
  public abstract Optional<String> sarifCommand();

  /** Settings of the GitHub adapters. */
  @Value.Default
  public GitHubSettings github() {
    return GitHubSettings.builder().build();
  }

  /** Base URL of the OSV API the {@code osv} scanner asks. */
  @Value.Default
  public String osvApiUrl() {
    return DEFAULT_OSV_API_URL;
  }

  /** Where release rows ({@code pandas==2.2.3}) are resolved, and for which Python and platforms. */
  @Value.Default
  public ResolveSettings resolve() {
    return ResolveSettings.DEFAULTS;
  }

  /** The public OSV API. */
  public static final String DEFAULT_OSV_API_URL = "https://api.osv.dev";

  /** Where the file-system repository publishes. */
  public Path repositoryDir() {
    return dataDir().resolve("repository");
  }

  /** Where the file-system ledger keeps decisions. */
  public Path ledgerDir() {
    return dataDir().resolve("ledger");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Settings}. */
  public static final class Builder extends ImmutableSettings.Builder {}
}
