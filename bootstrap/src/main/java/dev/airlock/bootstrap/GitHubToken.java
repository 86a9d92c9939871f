package dev.airlock.bootstrap;

import dev.airlock.adapter.aws.secrets.SecretsManagerTokenSource;
import dev.airlock.application.port.PortException;
import dev.airlock.bootstrap.config.ConfigurationException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.inject.Provider;

/**
 * The GitHub token, read once and only when needed: from Secrets Manager when
 * {@code --github-token-secret-id} is given, else from {@code AIRLOCK_GITHUB_TOKEN}. Never printed.
 */
public final class GitHubToken implements Supplier<String> {
  private final Optional<String> secretId;
  private final Optional<String> fromEnvironment;
  private final Provider<SecretsManagerTokenSource> secrets;
  private String value;

  GitHubToken(Optional<String> secretId, Optional<String> fromEnvironment, Provider<SecretsManagerTokenSource> secrets) {
    this.secretId = secretId.filter(id -> !id.isBlank());
    this.fromEnvironment = fromEnvironment.filter(t -> !t.isBlank());
    this.secrets = secrets;
  }

  /** True when a token can be had (a secret id or the environment variable is set). */
  public boolean configured() {
    return secretId.isPresent() || fromEnvironment.isPresent();
  }

  /** True when reading the token needs Secrets Manager. */
  public boolean fromSecretsManager() {
    return secretId.isPresent();
  }

  /**
   * The token.
   *
   * @throws ConfigurationException when none is configured or the secret cannot be read (the message names the secret, never its value)
   */
  @Override
  public synchronized String get() {
    if (value == null) {
      if (secretId.isPresent()) {
        try {
          value = secrets.get().token(secretId.get());
        } catch (PortException e) {
          throw new ConfigurationException("GitHub token: " + e.getMessage());
        }
      } else {
        value = fromEnvironment.orElseThrow(() -> new ConfigurationException(
            "GitHub needs a token: set AIRLOCK_GITHUB_TOKEN or --github-token-secret-id"));
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return "GitHubToken[redacted]";
  }
}
