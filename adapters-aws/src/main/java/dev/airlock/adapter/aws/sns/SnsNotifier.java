package dev.airlock.adapter.aws.sns;

import dev.airlock.application.message.OutcomeMessages;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes one SNS message per request decided in a run, with {@code requester}, {@code verdict}
 * and {@code package} attributes so each subscription can filter to its own requester. Subjects
 * stay under 100 characters on one line; bodies stay under SNS's 256 KB limit by listing fewer
 * findings and saying how many were left out.
 */
public final class SnsNotifier implements Notifier {
  /** The notifier's id. */
  public static final String ID = "sns";
  /** SNS's limit for message plus attributes, in bytes. */
  static final int MAX_BYTES = 256 * 1024;
  static final int MAX_SUBJECT = 99;
  private static final int ATTRIBUTE_ALLOWANCE = 4 * 1024;

  private final SnsClient client;
  private final String topicArn;

  public SnsNotifier(SnsClient client, String topicArn) {
    this.client = client;
    this.topicArn = topicArn;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void notify(RunResult result) throws PortException {
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (RequestOutcome outcome : result.outcomes()) {
      if (!outcome.isNews() || outcome.request().isEmpty()) {
        continue;
      }
      try {
        publish(outcome);
        sent++;
      } catch (SdkException e) {
        failures.add(outcome.label() + " (" + e.getMessage() + ")");
      }
    }
    if (!failures.isEmpty()) {
      throw new PortException(failures.size() + " of " + (sent + failures.size())
          + " SNS notification(s) failed after retries: " + String.join("; ", failures));
    }
  }

  private void publish(RequestOutcome outcome) {
    var request = outcome.request().orElseThrow();
    String message = body(outcome);
    client.publish(b -> b
        .topicArn(topicArn)
        .subject(OutcomeMessages.subject(outcome, MAX_SUBJECT))
        .message(message)
        .messageAttributes(Map.of(
            "requester", attribute(request.requester().id()),
            "verdict", attribute(outcome.status().name()),
            "package", attribute(request.normalisedName()))));
  }

  /** The body with as many findings as fit under the size limit. */
  static String body(RequestOutcome outcome) {
    int findings = outcome.blockingFindings().size();
    String body = OutcomeMessages.body(outcome, findings);
    while (bytes(body) > MAX_BYTES - ATTRIBUTE_ALLOWANCE && findings > 0) {
      findings = findings > 20 ? findings / 2 : findings - 1;
      body = OutcomeMessages.body(outcome, findings);
    }
    if (bytes(body) > MAX_BYTES - ATTRIBUTE_ALLOWANCE) {
      body = body.substring(0, (MAX_BYTES - ATTRIBUTE_ALLOWANCE) / 4) + "\n… (message truncated)";
    }
    return body;
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static MessageAttributeValue attribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
