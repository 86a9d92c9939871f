package dev.airlock.adapter.aws.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.testing.AwsResponses.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reads the GitHub token from Secrets Manager through the real SDK client, never letting it out. */
@WireMockTest
class SecretsManagerTokenSourceTest {
  private static final String SECRET_ID = "airlock/github-token";
  private static final String TOKEN = "ghp_Sup3rSecretT0kenValue0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Nested
  @DisplayName("reading the token")
  class Reading {

    @Test
    void shouldReturnTheSecretStringWhenItIsThePlainToken(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(secretString(TOKEN + "\n")));

      // When
      String token = new SecretsManagerTokenSource(WireMockAws.secretsManager(wm)).token(SECRET_ID);

      // Then
      assertThat(token).isEqualTo(TOKEN);
      wm.getWireMock().verifyThat(1, getSecretValueRequested(SECRET_ID));
    }

    @Test
    void shouldReturnTheTokenFieldWhenTheSecretStringIsJson(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(
          secretString("{\"user\":\"airlock-bot\",\"token\":\"" + TOKEN + "\"}")));

      // When
      String token = new SecretsManagerTokenSource(WireMockAws.secretsManager(wm)).token(SECRET_ID);

      // Then
      assertThat(token).isEqualTo(TOKEN);
    }

    @Test
    void shouldSucceedWhenSecretsManagerIsThrottledOnceAndThenAnswers(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(getSecretValue().inScenario("throttled").whenScenarioStateIs(STARTED)
          .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
      wm.getWireMock().register(getSecretValue().inScenario("throttled").whenScenarioStateIs("calm")
          .willReturn(secretString(TOKEN)));

      // When
      String token = new SecretsManagerTokenSource(WireMockAws.secretsManager(wm, 3)).token(SECRET_ID);

      // Then
      assertThat(token).isEqualTo(TOKEN);
      wm.getWireMock().verifyThat(2, getSecretValueRequested(SECRET_ID));
    }
  }

  @Nested
  @DisplayName("failing without revealing the secret")
  class Failing {

    @Test
    void shouldFailWithoutTheValueWhenTheJsonHasNoTokenField(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(
          secretString("{\"github_token\":\"" + TOKEN + "\",\"password\":\"" + TOKEN + "\"}")));

      // When
      PortException e = catchPortException(wm, 3);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID).hasMessageContaining("\"token\"");
      assertThatNoMessageContainsTheToken(e);
    }

    @Test
    void shouldFailWithoutTheValueWhenTheTokenFieldIsNotText(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(
          secretString("{\"token\":{\"value\":\"" + TOKEN + "\"}}")));

      // When
      PortException e = catchPortException(wm, 3);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID);
      assertThatNoMessageContainsTheToken(e);
    }

    @Test
    void shouldFailWithoutTheValueWhenTheSecretStringIsBrokenJson(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(secretString("{\"token\":\"" + TOKEN)));

      // When
      PortException e = catchPortException(wm, 3);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID).hasMessageContaining("cannot be parsed");
      assertThatNoMessageContainsTheToken(e);
    }

    @Test
    void shouldFailWhenTheSecretHoldsOnlyBinary(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(okJson(
          "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:" + SECRET_ID + "\",\"Name\":\""
              + SECRET_ID + "\",\"SecretBinary\":\"AAEC\"}")));

      // When
      PortException e = catchPortException(wm, 3);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID).hasMessageContaining("no SecretString");
    }

    @Test
    void shouldNameTheSecretButNotItsValueWhenAccessIsDenied(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(jsonError(400, "AccessDeniedException",
          "User is not authorized to perform secretsmanager:GetSecretValue on " + SECRET_ID)));

      // When
      PortException e = catchPortException(wm, 3);

      // Then
      assertThat(e).hasMessageContaining("secret " + SECRET_ID + " cannot be read")
          .hasMessageContaining("not authorized");
      assertThatNoMessageContainsTheToken(e);
      wm.getWireMock().verifyThat(1, getSecretValueRequested(SECRET_ID));
    }

    @Test
    void shouldGiveUpAfterTheRetriesWhenSecretsManagerKeepsFailing(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(getSecretValue().willReturn(jsonError(503, "InternalServiceError", "try later")));

      // When
      PortException e = catchPortException(wm, 2);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID);
      wm.getWireMock().verifyThat(2, getSecretValueRequested(SECRET_ID));
    }

    @Test
    void shouldNotRevealTheValueWhenTheResponseCannotBeUnderstood(WireMockRuntimeInfo wm) {
      // Given a truncated response that carries the token
      wm.getWireMock().register(getSecretValue().willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody("{\"Name\":\"" + SECRET_ID + "\",\"SecretString\":\"" + TOKEN)));

      // When
      PortException e = catchPortException(wm, 1);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID);
      assertThatNoMessageContainsTheToken(e);
    }

    @Test
    void shouldNotRevealTheValueWhenTheResponseIsNotValidJson(WireMockRuntimeInfo wm) {
      // Given a garbled response (a broken proxy, say) where the value is not quoted
      wm.getWireMock().register(getSecretValue().willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody("{\"Name\":\"" + SECRET_ID + "\",\"SecretString\":" + TOKEN + "}")));

      // When
      PortException e = catchPortException(wm, 1);

      // Then
      assertThat(e).hasMessageContaining(SECRET_ID);
      assertThatNoMessageContainsTheToken(e);
    }
  }

  private static PortException catchPortException(WireMockRuntimeInfo wm, int maxAttempts) {
    var source = new SecretsManagerTokenSource(WireMockAws.secretsManager(wm, maxAttempts));
    return catchThrowableOfType(PortException.class, () -> source.token(SECRET_ID));
  }

  /** Every message and {@code toString} in the exception, its causes and suppressed exceptions. */
  private static void assertThatNoMessageContainsTheToken(Throwable thrown) {
    assertThat(thrown).as("an exception was thrown").isNotNull();
    List<String> texts = new ArrayList<>();
    collect(thrown, texts);
    assertThat(texts).isNotEmpty();
    for (String text : texts) {
      // The failure message shows where the token leaked without printing it to the build log.
      assertThat(text == null || !text.contains(TOKEN))
          .withFailMessage("the token appears in: %s", text == null ? "" : text.replace(TOKEN, "<TOKEN>"))
          .isTrue();
    }
  }

  private static void collect(Throwable t, List<String> texts) {
    if (t == null) {
      return;
    }
    texts.add(t.getMessage());
    texts.add(t.toString());
    texts.add(t.getLocalizedMessage());
    for (Throwable suppressed : t.getSuppressed()) {
      collect(suppressed, texts);
    }
    if (t.getCause() != t) {
      collect(t.getCause(), texts);
    }
  }

  private static ResponseDefinitionBuilder secretString(String value) {
    ObjectNode body = JSON.valueToTree(Map.of(
        "ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + SECRET_ID + "-AbCdEf",
        "Name", SECRET_ID,
        "VersionId", "v1",
        "SecretString", value));
    return okJson(body.toString()).withHeader("Content-Type", "application/x-amz-json-1.1");
  }

  private static MappingBuilder getSecretValue() {
    return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
  }

  private static RequestPatternBuilder getSecretValueRequested(String secretId) {
    return postRequestedFor(urlPathEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
        .withRequestBody(equalToJson("{\"SecretId\":\"" + secretId + "\"}"));
  }
}
