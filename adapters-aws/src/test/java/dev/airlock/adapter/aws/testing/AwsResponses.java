package dev.airlock.adapter.aws.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * Error responses as each AWS protocol sends them, so the real SDK turns them into the right
 * exception types: REST-JSON ({@code x-amzn-ErrorType}), JSON 1.1 ({@code __type}) and Query (XML).
 */
public final class AwsResponses {
  private AwsResponses() {}

  /** A REST-JSON error (CodeGuru Security, CodeArtifact). */
  public static ResponseDefinitionBuilder restJsonError(int status, String type, String message) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", type)
        .withHeader("x-amzn-RequestId", "req-" + status)
        .withBody("{\"message\":\"" + message + "\"}");
  }

  /** A JSON 1.1 error (Secrets Manager). */
  public static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-RequestId", "req-" + status)
        .withBody("{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}");
  }

  /** A Query protocol error (SNS). */
  public static ResponseDefinitionBuilder queryError(int status, String code, String message) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withBody("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
            + "<Type>" + (status < 500 ? "Sender" : "Receiver") + "</Type><Code>" + code + "</Code>"
            + "<Message>" + message + "</Message></Error><RequestId>req-" + status + "</RequestId></ErrorResponse>");
  }
}
