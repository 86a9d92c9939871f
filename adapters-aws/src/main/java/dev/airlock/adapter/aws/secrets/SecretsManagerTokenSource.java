package dev.airlock.adapter.aws.secrets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.application.port.PortException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads a token (the GitHub token) from AWS Secrets Manager: the SecretString itself, or its
 * {@code token} field when it is JSON. The token never appears in a message or exception.
 */
public final class SecretsManagerTokenSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretsManagerClient client;

  public SecretsManagerTokenSource(SecretsManagerClient client) {
    this.client = client;
  }

  /**
   * The token held by {@code secretId}.
   *
   * @throws PortException naming the secret (never its value) when it cannot be read or holds no token
   */
  public String token(String secretId) throws PortException {
    String value;
    try {
      value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
    } catch (AwsServiceException e) {
      // An error response's own code and text, which hold no secret value; never the SDK's message,
      // which can quote a (successful but unreadable) response, and so the value.
      var details = e.awsErrorDetails();
      String code = details != null && details.errorCode() != null ? details.errorCode() : "error";
      String text = details != null && details.errorMessage() != null ? ": " + details.errorMessage() : "";
      throw new PortException("secret " + secretId + " cannot be read: " + code + " (HTTP " + e.statusCode() + ")"
          + text);
    } catch (SdkException e) {
      throw new PortException("secret " + secretId + " cannot be read: the request or its response failed ("
          + e.getClass().getSimpleName() + ")");
    }
    if (value == null || value.isBlank()) {
      throw new PortException("secret " + secretId + " has no SecretString");
    }
    String trimmed = value.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode token = JSON.readTree(trimmed).path("token");
        if (!token.isTextual() || token.asText().isBlank()) {
          throw new PortException("secret " + secretId + " is JSON without a \"token\" field");
        }
        return token.asText();
      } catch (JacksonException e) {
        throw new PortException("secret " + secretId + " looks like JSON but cannot be parsed");
      }
    }
    return trimmed;
  }
}
