package dev.airlock.adapter.aws.sns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.testing.AwsResponses.queryError;
import static dev.airlock.adapter.aws.testing.AwsTestData.finding;
import static dev.airlock.adapter.aws.testing.AwsTestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RowError;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives {@link SnsNotifier} through the real SNS client (AWS Query protocol: form-encoded
 * {@code Action=Publish}, XML answers) against WireMock.
 */
@WireMockTest
class SnsNotifierTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:airlock-verdicts";
  private static final LocalDate TODAY = LocalDate.of(2030, 6, 15);
  private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
  private static final Sha256 SHA = RequestOutcomes.SHA;
  private static final String INSTALL = "aws codeartifact get-package-version-asset --domain data-science"
      + " --repository approved --format generic --namespace airlock --package tidy-stats --package-version 1.0.0"
      + " --asset tidy-stats-1.0.0.tar.gz tidy-stats-1.0.0.tar.gz\npip install ./tidy-stats-1.0.0.tar.gz";
  private static final int SNS_LIMIT_BYTES = 256 * 1024;
  private static final int MAX_ATTEMPTS = 3;
  private static final String LONG_NAME =
      "an-extremely-long-package-name-" + "x".repeat(57) + "-end-of-name";

  @Nested
  @DisplayName("one message per request decided in this run")
  class OnePerRequest {

    @Test
    void shouldPublishOneMessagePerNewOutcomeWhenTheRunDecidedSeveral(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);
      RunResult run = run(approved("tidy-stats", "alice"), refused("fast-json-helper", "bob"),
          error("broken-pkg", "carol"), alreadyDecided("old-pkg", "dave"),
          RequestOutcome.invalidRow(RowError.of(7, "url is missing")));

      // When
      notifier(wm).notify(run);

      // Then
      List<Map<String, String>> sent = published(wm);
      assertThat(sent).hasSize(3);
      assertThat(sent).extracting(m -> m.get("TopicArn")).containsOnly(TOPIC);
      assertThat(sent).extracting(m -> attributes(m).get("package"))
          .containsExactlyInAnyOrder("tidy-stats", "fast-json-helper", "broken-pkg");
      assertThat(sent).noneSatisfy(m -> assertThat(m.get("Message")).contains("old-pkg"));
    }

    @Test
    void shouldPublishNothingWhenEverythingWasDecidedEarlier(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);

      // When
      notifier(wm).notify(run(alreadyDecided("old-pkg", "dave")));

      // Then
      wm.getWireMock().verifyThat(0, publishRequested());
    }

    @Test
    void shouldTellTheRequesterHowToInstallWhenApproved(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);

      // When
      notifier(wm).notify(run(approved("tidy-stats", "alice")));

      // Then
      Map<String, String> message = onlyMessage(wm);
      assertThat(message.get("Subject")).isEqualTo("Airlock: tidy-stats 1.0.0 approved");
      assertThat(message.get("Message")).contains("tidy-stats 1.0.0 is approved", SHA.hex())
          .contains(INSTALL.lines().toList());
    }

    @Test
    void shouldListTheBlockingFindingsWhenRefused(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);

      // When
      notifier(wm).notify(run(refused("fast-json-helper", "bob")));

      // Then
      Map<String, String> message = onlyMessage(wm);
      assertThat(message.get("Subject")).isEqualTo("Airlock: fast-json-helper refused (1 blocking finding)");
      assertThat(message.get("Message"))
          .contains("HIGH python/os-command-injection@v1.0 at setup.py:1: title of python/os-command-injection@v1.0")
          .contains("recommendation for python/os-command-injection@v1.0")
          .doesNotContain("python/log-injection@v1.0");
    }

    @Test
    void shouldSayWhyWhenTheRequestCouldNotBeDecided(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);

      // When
      notifier(wm).notify(run(error("broken-pkg", "carol")));

      // Then
      Map<String, String> message = onlyMessage(wm);
      assertThat(message.get("Subject")).isEqualTo("Airlock: broken-pkg could not be decided");
      assertThat(message.get("Message")).contains("download failed with HTTP 404");
    }
  }

  @Nested
  @DisplayName("message attributes for per-requester subscriptions")
  class Attributes {

    @Test
    void shouldTagEachMessageWithRequesterVerdictAndPackage(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);

      // When
      notifier(wm).notify(run(approved("Tidy_Stats", "alice"), refused("fast-json-helper", "bob"),
          error("broken-pkg", "carol")));

      // Then
      List<Map<String, String>> sent = published(wm);
      assertThat(sent).extracting(SnsNotifierTest::attributes).containsExactlyInAnyOrder(
          Map.of("requester", "alice", "verdict", "APPROVED", "package", "tidy-stats"),
          Map.of("requester", "bob", "verdict", "REFUSED", "package", "fast-json-helper"),
          Map.of("requester", "carol", "verdict", "ERROR", "package", "broken-pkg"));
      assertThat(sent).allSatisfy(m -> assertThat(attributeTypes(m)).containsOnly("String"));
    }

    @Test
    void shouldTagARevocationWithVerdictRevokedSoInfoSecCanSubscribeToIt(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);
      RequestOutcome revoked = RequestOutcomes.revoked(request("tidy-stats", "alice"), publication("tidy-stats"),
          List.of(finding("MAL-2030-1", Severity.CRITICAL, "-")), Optional.empty());

      // When
      notifier(wm).notify(run(revoked));

      // Then
      Map<String, String> sent = onlyMessage(wm);
      assertThat(attributes(sent)).isEqualTo(Map.of("requester", "alice", "verdict", "REVOKED", "package", "tidy-stats"));
      assertThat(sent.get("Subject")).isEqualTo("Airlock: tidy-stats 1.0.0 revoked (1 blocking finding)");
      assertThat(sent.get("Message")).contains("is revoked").contains("withdrawn from the codeartifact repository")
          .contains("MAL-2030-1").contains("InfoSec has been told");
    }
  }

  @Nested
  @DisplayName("SNS limits")
  class Limits {

    @ParameterizedTest
    @EnumSource(value = RequestOutcome.Status.class, names = {"APPROVED", "REFUSED", "ERROR"})
    void shouldKeepTheSubjectOnOneLineUnder100CharactersWhenThePackageNameIsVeryLong(RequestOutcome.Status status,
        WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);
      assertThat(LONG_NAME).hasSize(100);
      RequestOutcome outcome = switch (status) {
        case APPROVED -> approved(LONG_NAME, "alice");
        case REFUSED -> refused(LONG_NAME, "alice");
        default -> error(LONG_NAME, "alice");
      };

      // When
      notifier(wm).notify(run(outcome));

      // Then
      String subject = onlyMessage(wm).get("Subject");
      assertThat(subject).startsWith("Airlock: an-extremely-long-package-name-").doesNotContain("\n", "\r");
      assertThat(subject.codePointCount(0, subject.length())).isLessThan(100);
      assertThat(subject.chars()).noneMatch(Character::isISOControl);
    }

    @Test
    void shouldStayUnderTheSizeLimitAndCountTheLeftOutFindingsWhenARefusalHasThousandsOfFindings(
        WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubPublishAccepted(wm);
      int total = 4000;
      List<Finding> findings = IntStream.range(0, total).mapToObj(i -> Finding.builder()
          .ruleId("python/very-long-rule-identifier-number-" + i + "@v1.0")
          .title("Ünsafe überlong title — " + "ä".repeat(150) + " #" + i)
          .severity(i % 2 == 0 ? Severity.HIGH : Severity.CRITICAL)
          .path("fast-json-helper-0.3.1/some/deeply/nested/package/directory/module_" + i + ".py")
          .line(i + 1)
          .recommendation("Do something long about it: " + "r".repeat(300))
          .scanner("codeguru")
          .build()).toList();
      RequestOutcome outcome = RequestOutcome.decided(request("fast-json-helper", "bob"),
          SeverityPolicy.defaultPolicy().evaluate("fast-json-helper", findings, TODAY), SHA,
          Optional.empty(), Optional.empty(), Duration.ofSeconds(1));

      // When
      notifier(wm).notify(run(outcome));

      // Then
      Map<String, String> message = onlyMessage(wm);
      String body = message.get("Message");
      assertThat(sizeInBytes(message)).isLessThanOrEqualTo(SNS_LIMIT_BYTES);
      long shown = body.lines().filter(line -> line.startsWith("- HIGH ") || line.startsWith("- CRITICAL ")).count();
      assertThat(shown).isPositive().isLessThan(total);
      Matcher leftOut = Pattern.compile("and (\\d+) more finding\\(s\\) not shown").matcher(body);
      assertThat(leftOut.find()).as("the message says how many findings were left out").isTrue();
      assertThat(Integer.parseInt(leftOut.group(1))).isEqualTo(total - shown);
      assertThat(body).contains("is refused: " + total + " finding(s)");
      assertThat(message.get("Subject")).contains("refused (" + total + " blocking findings)");
    }
  }

  @Nested
  @DisplayName("failed notifications")
  class Failures {

    @Test
    void shouldSendTheOthersAndNameTheFailedPackageWhenOnePublishKeepsFailing(WireMockRuntimeInfo wm) {
      // Given
      stubPublishAccepted(wm);
      wm.getWireMock().register(publish().withRequestBody(containing("fast-json-helper"))
          .willReturn(queryError(500, "InternalError", "Internal error")));
      var notifier = notifier(wm);
      RunResult run = run(approved("tidy-stats", "alice"), refused("fast-json-helper", "bob"),
          error("broken-pkg", "carol"));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> notifier.notify(run));

      // Then
      assertThat(e).isNotNull().hasMessageContaining("fast-json-helper").hasMessageContaining("1 of 3");
      assertThat(e.getMessage()).doesNotContain("tidy-stats", "broken-pkg");
      wm.getWireMock().verifyThat(MAX_ATTEMPTS, publishRequested().withRequestBody(containing("fast-json-helper")));
      assertThat(published(wm)).extracting(m -> attributes(m).get("package"))
          .contains("tidy-stats", "broken-pkg");
      wm.getWireMock().verifyThat(1, publishRequested().withRequestBody(containing("tidy-stats")));
      wm.getWireMock().verifyThat(1, publishRequested().withRequestBody(containing("broken-pkg")));
    }

    @Test
    void shouldDeliverTheMessageWhenSnsThrottlesOnce(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(publish().inScenario("throttled").whenScenarioStateIs(STARTED)
          .willReturn(queryError(400, "Throttling", "Rate exceeded")).willSetStateTo("calm"));
      wm.getWireMock().register(publish().inScenario("throttled").whenScenarioStateIs("calm")
          .willReturn(publishAccepted()));

      // When
      notifier(wm).notify(run(approved("tidy-stats", "alice")));

      // Then
      wm.getWireMock().verifyThat(2, publishRequested());
    }
  }

  private static SnsNotifier notifier(WireMockRuntimeInfo wm) {
    return new SnsNotifier(WireMockAws.sns(wm, MAX_ATTEMPTS), TOPIC);
  }

  private static RunResult run(RequestOutcome... outcomes) {
    return new RunResult("run-1", "requests.csv", NOW, NOW.plusSeconds(5), List.of(outcomes), List.of());
  }

  private static RequestOutcome approved(String name, String requester) {
    return RequestOutcomes.approved(request(name, requester), publication(PackageNames.normalise(name)));
  }

  private static RequestOutcome refused(String name, String requester) {
    List<Finding> findings = List.of(
        finding("python/os-command-injection@v1.0", Severity.HIGH, "setup.py"),
        finding("python/log-injection@v1.0", Severity.LOW, "pkg/__init__.py"));
    return RequestOutcomes.refused(request(name, requester), findings);
  }

  private static RequestOutcome error(String name, String requester) {
    return RequestOutcomes.error(request(name, requester));
  }

  private static RequestOutcome alreadyDecided(String name, String requester) {
    return RequestOutcomes.alreadyDecided(request(name, requester), publication(PackageNames.normalise(name)));
  }

  private static Publication publication(String name) {
    return Publication.builder()
        .repository("codeartifact")
        .packageName(name)
        .version("1.0.0")
        .assetName(name + "-1.0.0.tar.gz")
        .sha256(SHA)
        .location("codeartifact://data-science/approved/generic/airlock/" + name + "/1.0.0/" + name + "-1.0.0.tar.gz")
        .installInstructions(INSTALL)
        .build();
  }

  /** The form parameters of every Publish request WireMock received, in order. */
  private static List<Map<String, String>> published(WireMockRuntimeInfo wm) {
    List<Map<String, String>> sent = new ArrayList<>();
    for (LoggedRequest request : wm.getWireMock().find(publishRequested())) {
      sent.add(form(request.getBodyAsString()));
    }
    return sent;
  }

  private static Map<String, String> onlyMessage(WireMockRuntimeInfo wm) {
    List<Map<String, String>> sent = published(wm);
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  /** {@code MessageAttributes.entry.N.Name} → {@code ...Value.StringValue}. */
  private static Map<String, String> attributes(Map<String, String> form) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
      attributes.put(form.get("MessageAttributes.entry." + n + ".Name"),
          form.get("MessageAttributes.entry." + n + ".Value.StringValue"));
    }
    return attributes;
  }

  private static List<String> attributeTypes(Map<String, String> form) {
    List<String> types = new ArrayList<>();
    for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
      types.add(form.get("MessageAttributes.entry." + n + ".Value.DataType"));
    }
    return types;
  }

  /** What SNS counts against its 256 KB limit: the message plus every attribute's name, type and value. */
  private static int sizeInBytes(Map<String, String> form) {
    int size = utf8(form.get("Message"));
    for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
      String prefix = "MessageAttributes.entry." + n + ".";
      size += utf8(form.get(prefix + "Name")) + utf8(form.get(prefix + "Value.DataType"))
          + utf8(form.get(prefix + "Value.StringValue"));
    }
    return size;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void stubPublishAccepted(WireMockRuntimeInfo wm) {
    wm.getWireMock().register(publish().willReturn(publishAccepted()));
  }

  private static ResponseDefinitionBuilder publishAccepted() {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            + "<MessageId>5b2f9c9e-message</MessageId></PublishResult><ResponseMetadata>"
            + "<RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>");
  }

  private static MappingBuilder publish() {
    return post(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"));
  }

  private static RequestPatternBuilder publishRequested() {
    return postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"))
        .withRequestBody(containing("TopicArn=" + TOPIC.replace(":", "%3A")));
  }
}
