package dev.airlock.adapter.aws.dynamodb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.airlock.adapter.aws.testing.AwsTestData;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The decision ledger in DynamoDB, through the real SDK client against WireMock speaking DynamoDB's JSON 1.0. */
@WireMockTest
class DynamoDbDecisionLedgerTest {
  private static final String TABLE = "airlock-decisions";
  private static final String URL = "https://files.pythonhosted.org/packages/source/d/demo/demo-1.0.tar.gz";
  private static final Sha256 SHA = Sha256.of("a1".repeat(32));
  private static final RequestKey REQUEST = RequestKey.of("demo", URL);
  private static final DecisionKey KEY = DecisionKey.of(REQUEST, SHA);
  private static final String URL_HASH = Sha256.hashOf(URL.getBytes(StandardCharsets.UTF_8)).hex();
  private static final String ITEM_KEY = "decision#demo#" + URL_HASH + "#" + SHA.hex();
  private static final String LATEST_KEY = "latest#demo#" + URL_HASH;
  private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(45);
  private static final Claim MINE = new Claim(KEY, "run-1", "token-1", NOW, NOW.plus(LEASE));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DynamoDbDecisionLedger ledger(WireMockRuntimeInfo wm) {
    return new DynamoDbDecisionLedger(WireMockAws.dynamoDb(wm), TABLE);
  }

  @Nested
  @DisplayName("claiming")
  class Claiming {

    @Test
    void shouldPutTheClaimOnlyIfTheKeyIsFreeOrItsClaimLapsedWhenClaiming(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));

      // When
      ClaimResult result = ledger(wm).claim(MINE);

      // Then
      assertThat(result).isEqualTo(new ClaimResult.Claimed(MINE));
      JsonNode body = onlyBody(wm, "PutItem");
      assertThat(body.path("TableName").asText()).isEqualTo(TABLE);
      assertThat(body.at("/Item/decisionKey/S").asText()).isEqualTo(ITEM_KEY);
      assertThat(body.at("/Item/claimRunId/S").asText()).isEqualTo("run-1");
      assertThat(body.at("/Item/claimToken/S").asText()).isEqualTo("token-1");
      assertThat(body.at("/Item/leaseExpiresAt/N").asText()).isEqualTo(Long.toString(NOW.plus(LEASE).toEpochMilli()));
      assertThat(body.at("/Item/url/S").asText()).isEqualTo(URL);
      assertThat(body.at("/Item/verdict").isMissingNode()).isTrue();
      assertThat(body.path("ConditionExpression").asText())
          .isEqualTo("attribute_not_exists(#key) OR (attribute_not_exists(#verdict) AND #lease <= :now)");
      assertThat(body.at("/ExpressionAttributeNames/#lease").asText()).isEqualTo("leaseExpiresAt");
      assertThat(body.at("/ExpressionAttributeValues/:now/N").asText()).isEqualTo(Long.toString(NOW.toEpochMilli()));
      assertThat(body.path("ReturnValuesOnConditionCheckFailure").asText()).isEqualTo("ALL_OLD");
    }

    @Test
    void shouldSayWhichRunHoldsItWhenTheConditionFailsOnALiveClaim(WireMockRuntimeInfo wm) throws Exception {
      // Given
      Instant otherLease = NOW.plus(Duration.ofMinutes(30));
      wm.getWireMock().register(call("PutItem").willReturn(conditionFailed(claimItemJson("run-other", "token-other",
          otherLease))));

      // When
      ClaimResult result = ledger(wm).claim(MINE);

      // Then
      assertThat(result).isEqualTo(new ClaimResult.HeldElsewhere("run-other", otherLease));
    }

    @Test
    void shouldReturnTheDecisionWhenTheConditionFailsOnADecidedItem(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("PutItem").willReturn(conditionFailed(refusedItem())));

      // When
      ClaimResult result = ledger(wm).claim(MINE);

      // Then
      assertThat(result).isInstanceOfSatisfying(ClaimResult.AlreadyDecided.class, decided -> {
        assertThat(decided.decision().outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
        assertThat(decided.decision().runId()).isEqualTo("run-earlier");
      });
    }

    @Test
    void shouldTakeOverOnlyOnceTheLeaseHasRunOutWhenAnotherRunsClaimIsStale(WireMockRuntimeInfo wm) throws Exception {
      // Given: a table holding run-old's claim until NOW + 45 min, accepting a takeover only at or after that
      Instant oldLease = NOW.plus(LEASE);
      wm.getWireMock().register(call("PutItem").atPriority(5)
          .willReturn(conditionFailed(claimItemJson("run-old", "token-old", oldLease))));
      wm.getWireMock().register(call("PutItem").atPriority(1)
          .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues[':now'].N",
              equalTo(Long.toString(oldLease.toEpochMilli()))))
          .willReturn(ok("{}")));
      Claim early = new Claim(KEY, "run-2", "token-2", oldLease.minusSeconds(1), oldLease.plus(LEASE));
      Claim late = new Claim(KEY, "run-3", "token-3", oldLease, oldLease.plus(LEASE));

      // When
      ClaimResult tooEarly = ledger(wm).claim(early);
      ClaimResult takeover = ledger(wm).claim(late);

      // Then
      assertThat(tooEarly).isEqualTo(new ClaimResult.HeldElsewhere("run-old", oldLease));
      assertThat(takeover).isEqualTo(new ClaimResult.Claimed(late));
    }

    @Test
    void shouldKeepItsClaimWhenTheSdksRetryFindsItsOwnEarlierWrite(WireMockRuntimeInfo wm) throws Exception {
      // Given: the first PutItem wrote the claim but its answer was lost (500); the retry's condition fails on it
      wm.getWireMock().register(call("PutItem").inScenario("lost answer").whenScenarioStateIs(STARTED)
          .willReturn(error(500, "InternalServerError", "internal error")).willSetStateTo("written"));
      wm.getWireMock().register(call("PutItem").inScenario("lost answer").whenScenarioStateIs("written")
          .willReturn(conditionFailed(claimItemJson("run-1", "token-1", NOW.plus(LEASE)))));

      // When
      ClaimResult result = ledger(wm).claim(MINE);

      // Then
      assertThat(result).isEqualTo(new ClaimResult.Claimed(MINE));
      wm.getWireMock().verifyThat(2, requested("PutItem"));
    }
  }

  @Nested
  @DisplayName("recording the decision")
  class Recording {

    @Test
    void shouldUpdateOnlyIfStillTheHolderAndThenCopyToTheLatestItemWhenRecording(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(ok("{}")));
      wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));

      // When
      ledger(wm).record(approved(KEY, "run-1"), MINE);

      // Then: the final write is conditional on this claim's token and on no verdict yet
      JsonNode update = onlyBody(wm, "UpdateItem");
      assertThat(update.at("/Key/decisionKey/S").asText()).isEqualTo(ITEM_KEY);
      assertThat(update.path("ConditionExpression").asText()).isEqualTo("#token = :token AND attribute_not_exists(#verdict)");
      assertThat(update.at("/ExpressionAttributeValues/:token/S").asText()).isEqualTo("token-1");
      assertThat(update.path("ReturnValuesOnConditionCheckFailure").asText()).isEqualTo("ALL_OLD");
      assertThat(setValues(update)).containsEntry("verdict", "APPROVED").containsEntry("version", "1.0")
          .containsEntry("runId", "run-1").containsEntry("requester", "alice")
          .containsEntry("findingsSummary", "no blocking findings");
      assertThat(update.path("UpdateExpression").asText()).startsWith("SET ");
      // ... and the newest decision per name and URL is copied, unless a newer one is there
      JsonNode latest = onlyBody(wm, "PutItem");
      assertThat(latest.at("/Item/decisionKey/S").asText()).isEqualTo(LATEST_KEY);
      assertThat(latest.at("/Item/verdict/S").asText()).isEqualTo("APPROVED");
      assertThat(latest.at("/Item/publication/M/installInstructions/S").asText())
          .isEqualTo("pip install /repo/demo/1.0/demo-1.0.tar.gz");
      assertThat(latest.path("ConditionExpression").asText()).isEqualTo("attribute_not_exists(#key) OR #decided <= :decided");
    }

    @Test
    void shouldFailAsClaimLostNamingTheNewHolderWhenAnotherRunTookTheClaimOver(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(conditionFailed(claimItemJson("run-late", "token-late",
          NOW.plus(LEASE).plus(LEASE)))));

      // When
      ClaimLostException e = catchThrowableOfType(ClaimLostException.class,
          () -> ledger(wm).record(approved(KEY, "run-1"), MINE));

      // Then
      assertThat(e.holderRunId()).isEqualTo("run-late");
      assertThat(e).hasMessageContaining("no longer this run's");
      wm.getWireMock().verifyThat(0, requested("PutItem"));
    }

    @Test
    void shouldFailAsClaimLostWhenAnotherRunAlreadyRecordedADecision(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(conditionFailed(refusedItem())));

      // When
      ClaimLostException e = catchThrowableOfType(ClaimLostException.class,
          () -> ledger(wm).record(approved(KEY, "run-1"), MINE));

      // Then
      assertThat(e.holderRunId()).isEqualTo("run-earlier");
      assertThat(e).hasMessageContaining("already decided by run run-earlier");
    }

    @Test
    void shouldKeepTheDecisionWhenTheLatestItemAlreadyHoldsANewerOne(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(ok("{}")));
      wm.getWireMock().register(call("PutItem").willReturn(conditionFailed("{}")));

      // When / Then: no exception
      ledger(wm).record(approved(KEY, "run-1"), MINE);
      wm.getWireMock().verifyThat(1, requested("UpdateItem"));
    }

    @Test
    void shouldStoreAtMostAHundredFindingsAndTheirCountWhenARefusalHasMore(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(ok("{}")));
      wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));
      List<Finding> many = IntStream.range(0, 150)
          .mapToObj(i -> AwsTestData.finding("RULE-" + i, Severity.HIGH, "pkg/file" + i + ".py")).toList();
      Decision refused = Decision.builder().key(KEY).packageName("demo").outcome(ScanVerdict.Outcome.REFUSED)
          .blockingFindings(many).decidedAt(NOW).runId("run-1").build();

      // When
      ledger(wm).record(refused, MINE);

      // Then
      JsonNode update = onlyBody(wm, "UpdateItem");
      JsonNode findings = assigned(update, "blockingFindings").path("L");
      String count = assigned(update, "blockingFindingCount").path("N").asText();
      assertThat(findings).hasSize(DecisionItems.MAX_STORED_FINDINGS);
      assertThat(count).isEqualTo("150");
    }
  }

  @Nested
  @DisplayName("releasing and reading")
  class ReleasingAndReading {

    @Test
    void shouldDeleteOnlyItsOwnUndecidedClaimWhenReleasing(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("DeleteItem").willReturn(ok("{}")));

      // When
      ledger(wm).release(MINE);

      // Then
      JsonNode body = onlyBody(wm, "DeleteItem");
      assertThat(body.at("/Key/decisionKey/S").asText()).isEqualTo(ITEM_KEY);
      assertThat(body.path("ConditionExpression").asText()).isEqualTo("#token = :token AND attribute_not_exists(#verdict)");
      assertThat(body.at("/ExpressionAttributeValues/:token/S").asText()).isEqualTo("token-1");
    }

    @Test
    void shouldDoNothingWhenTheClaimToReleaseIsNoLongerItsOwn(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("DeleteItem").willReturn(conditionFailed("{}")));

      // When / Then: no exception
      ledger(wm).release(MINE);
      wm.getWireMock().verifyThat(1, requested("DeleteItem"));
    }

    @Test
    void shouldReadTheDecisionStronglyConsistentWhenFinding(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":" + refusedItem() + "}")));

      // When
      Optional<Decision> found = ledger(wm).find(KEY);

      // Then
      assertThat(found).hasValueSatisfying(d -> {
        assertThat(d.key()).isEqualTo(KEY);
        assertThat(d.packageName()).isEqualTo("Demo");
        assertThat(d.outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
        assertThat(d.requester().email()).contains("alice@example.com");
        assertThat(d.decidedAt()).isEqualTo(Instant.parse("2030-06-14T09:05:00Z"));
        assertThat(d.blockingFindings()).singleElement().satisfies(f -> {
          assertThat(f.ruleId()).isEqualTo("AIRLOCK-DOWNLOAD-EXEC");
          assertThat(f.severity()).isEqualTo(Severity.HIGH);
          assertThat(f.location()).isEqualTo("demo-1.0/setup.py:11");
        });
      });
      JsonNode body = onlyBody(wm, "GetItem");
      assertThat(body.at("/Key/decisionKey/S").asText()).isEqualTo(ITEM_KEY);
      assertThat(body.path("ConsistentRead").asBoolean()).isTrue();
    }

    @Test
    void shouldFindNothingWhenTheItemIsOnlyAClaim(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":"
          + claimItemJson("run-other", "token-other", NOW.plus(LEASE)) + "}")));

      // When / Then
      assertThat(ledger(wm).find(KEY)).isEmpty();
    }

    @Test
    void shouldFindNothingWhenThereIsNoItem(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(ok("{}")));

      // When / Then
      assertThat(ledger(wm).find(KEY)).isEmpty();
    }

    @Test
    void shouldReadTheLatestItemOfTheNameAndUrlWhenFindingTheLatest(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":" + refusedItem() + "}")));

      // When
      Optional<Decision> latest = ledger(wm).findLatest(REQUEST);

      // Then
      assertThat(latest).map(Decision::key).contains(KEY);
      assertThat(onlyBody(wm, "GetItem").at("/Key/decisionKey/S").asText()).isEqualTo(LATEST_KEY);
    }

    @Test
    void shouldReadADecidedItemWithoutItsDecisionTimeAsDecidedWhenItsClaimTimeIsThere(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: a decided item without its decision time
      String damaged = refusedItem().replaceAll("\"decidedAt\": \\{\"S\": \"[^\"]+\"},", "");
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":" + damaged + "}")));

      // When
      Optional<Decision> found = ledger(wm).find(KEY);

      // Then: skipping decided content is safe; only its details suffer
      assertThat(found).hasValueSatisfying(d -> {
        assertThat(d.outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
        assertThat(d.decidedAt()).isEqualTo(Instant.parse("2030-06-14T09:00:00Z"));
      });
    }

    @Test
    void shouldFailNamingTheItemWhenAStoredVerdictIsDamaged(WireMockRuntimeInfo wm) {
      // Given
      String damaged = refusedItem().replace("\"verdict\": {\"S\": \"REFUSED\"}", "\"verdict\": {\"S\": \"REFUSD\"}");
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":" + damaged + "}")));

      // When / Then
      assertThatThrownBy(() -> ledger(wm).find(KEY))
          .isInstanceOf(PortException.class)
          .hasMessageContaining(ITEM_KEY)
          .hasMessageContaining("verdict 'REFUSD' is not APPROVED or REFUSED");
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void shouldClaimWhenDynamoDbThrottlesOnceAndThenAccepts(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("PutItem").inScenario("throttled").whenScenarioStateIs(STARTED)
          .willReturn(error(400, "ProvisionedThroughputExceededException", "Rate of requests exceeds the allowed throughput"))
          .willSetStateTo("calm"));
      wm.getWireMock().register(call("PutItem").inScenario("throttled").whenScenarioStateIs("calm")
          .willReturn(ok("{}")));

      // When
      ClaimResult result = ledger(wm).claim(MINE);

      // Then
      assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
      wm.getWireMock().verifyThat(2, requested("PutItem"));
    }

    @Test
    void shouldFailSayingItWasThrottledWhenEveryAttemptIsThrottled(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(error(400, "ThrottlingException", "Rate exceeded")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> ledger(wm).find(KEY));

      // Then
      assertThat(e).hasMessageContaining(TABLE).hasMessageContaining("ThrottlingException")
          .hasMessageContaining("throttled");
      wm.getWireMock().verifyThat(WireMockAws.DEFAULT_ATTEMPTS, requested("GetItem"));
    }

    @Test
    void shouldFailNamingTheTableWhenItDoesNotExist(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("PutItem").willReturn(error(400, "ResourceNotFoundException",
          "Requested resource not found")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> ledger(wm).claim(MINE));

      // Then
      assertThat(e).hasMessageContaining("DynamoDB table " + TABLE + " does not exist");
      assertThat(e).isNotInstanceOf(ClaimLostException.class);
    }

    @Test
    void shouldFailWithTheErrorCodeWhenAccessIsDenied(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("UpdateItem").willReturn(error(400, "AccessDeniedException",
          "User is not authorized to perform dynamodb:UpdateItem")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> ledger(wm).record(approved(KEY, "run-1"), MINE));

      // Then
      assertThat(e).isNotInstanceOf(ClaimLostException.class)
          .hasMessageContaining("AccessDeniedException").hasMessageContaining("dynamodb:UpdateItem");
    }

    @Test
    void shouldFailAfterTheSdksRetriesWhenDynamoDbKeepsFailing(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(call("DeleteItem").willReturn(error(500, "InternalServerError", "internal error")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> ledger(wm).release(MINE));

      // Then
      assertThat(e).hasMessageContaining("release the claim").hasMessageContaining("HTTP 500");
      wm.getWireMock().verifyThat(WireMockAws.DEFAULT_ATTEMPTS, requested("DeleteItem"));
    }
  }

  @Nested
  @DisplayName("item layout")
  class Layout {

    @Test
    void shouldReadBackEveryFieldWhenADecisionIsWrittenAndReadAsAnItem() {
      // Given
      Decision approved = approved(KEY, "run-1");
      var item = new HashMap<>(DecisionItems.claimItem(MINE));
      item.putAll(DecisionItems.decisionAttributes(approved));

      // When
      DecisionItems.Read read = DecisionItems.toDecision(item, KEY.request(), Optional.empty());

      // Then
      assertThat(read.decision()).isEqualTo(approved);
      assertThat(read.unreadable()).isEmpty();
    }

    @Test
    void shouldKeepASignedUrlsQueryOutOfTheItemAndItsDigestInWhenTheRequestUrlCarriesAToken() {
      // Given
      String signed = URL + "?X-Amz-Signature=s3cr3t-signature";
      Claim claim = new Claim(DecisionKey.of(RequestKey.of("demo", signed), SHA), "run-1", "t-1", NOW,
          NOW.plus(LEASE));

      // When
      var item = DecisionItems.claimItem(claim);

      // Then
      assertThat(item.get(DecisionItems.URL).s()).isEqualTo(URL + "?…");
      assertThat(item.get(DecisionItems.URL_SHA256).s())
          .isEqualTo(Sha256.hashOf(signed.getBytes(StandardCharsets.UTF_8)).hex());
      assertThat(item.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void shouldTreatARefusalAsDecidedWithItsDetailsUnreadableWhenOnlyItsVerdictCanBeRead() {
      // Given: a refusal written by hand, its findings in a shape Airlock never wrote and no decision time
      var item = new HashMap<>(DecisionItems.claimItem(MINE));
      item.put(DecisionItems.VERDICT, AttributeValue.fromS("REFUSED"));
      item.put(DecisionItems.BLOCKING_FINDINGS, AttributeValue.fromL(List.of(AttributeValue.fromS("HIGH x"))));

      // When
      DecisionItems.Read read = DecisionItems.toDecision(item, KEY.request(), Optional.of(SHA));

      // Then
      assertThat(read.decision().outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
      assertThat(read.decision().key()).isEqualTo(KEY);
      assertThat(read.decision().decidedAt()).as("the claim's time").isEqualTo(NOW);
      assertThat(read.unreadable()).containsExactlyInAnyOrder(DecisionItems.BLOCKING_FINDINGS,
          DecisionItems.PACKAGE_NAME, DecisionItems.REQUESTER, DecisionItems.DECIDED_AT, DecisionItems.RUN_ID);
    }

    @Test
    void shouldRefuseToReadAnApprovalWhosePublicationIsInAnotherShape() {
      // Given: the publication map as the README once described it
      var item = new HashMap<>(DecisionItems.claimItem(MINE));
      item.put(DecisionItems.VERDICT, AttributeValue.fromS("APPROVED"));
      item.put(DecisionItems.PUBLICATION, AttributeValue.fromM(Map.of("repository", AttributeValue.fromS("file"),
          "version", AttributeValue.fromS("1.0"), "asset", AttributeValue.fromS("demo-1.0.tar.gz"))));

      // When / Then
      assertThatThrownBy(() -> DecisionItems.toDecision(item, KEY.request(), Optional.of(SHA)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("it is APPROVED, but its publication")
          .hasMessageContaining("assetName");
    }

    @Test
    void shouldRefuseToReadAnItemWhoseVerdictIsNotADecision() {
      // Given
      var item = new HashMap<>(DecisionItems.claimItem(MINE));
      item.put(DecisionItems.VERDICT, AttributeValue.fromS("MAYBE"));

      // When / Then
      assertThatThrownBy(() -> DecisionItems.toDecision(item, KEY.request(), Optional.of(SHA)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("verdict 'MAYBE' is not APPROVED or REFUSED");
    }

    @Test
    void shouldKeepEveryKeyFarBelowTheLimitWhenTheUrlIsVeryLong() {
      // Given
      RequestKey longUrl = RequestKey.of("demo", "https://github.com/x/" + "y".repeat(5_000) + ".tar.gz");

      // When
      String key = DecisionItems.decisionKey(DecisionKey.of(longUrl, SHA));

      // Then
      assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThan(2048);
      assertThat(key).isNotEqualTo(DecisionItems.decisionKey(KEY)).startsWith("decision#demo#");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("re-evaluation: listing and replacing")
  class Reevaluation {
    private final Decision refused = Decision.builder()
        .key(KEY)
        .packageName("Demo")
        .outcome(ScanVerdict.Outcome.REFUSED)
        .addBlockingFindings(Finding.builder().ruleId("AIRLOCK-DOWNLOAD-EXEC").title("Downloads and runs code")
            .severity(Severity.HIGH).path("demo-1.0/setup.py").line(11).description("curl piped to sh")
            .recommendation("Refuse the package.").scanner("builtin").build())
        .requester(Requester.builder().id("alice").email("alice@example.com").build())
        .decidedAt(Instant.parse("2030-06-14T09:05:00Z"))
        .runId("run-earlier")
        .build();

    @Test
    void shouldQueryTheVerdictIndexAPageAtATimeAndNeverScanWhenListing(WireMockRuntimeInfo wm) throws Exception {
      // Given: two pages
      wm.getWireMock().register(call("Query").atPriority(5).willReturn(ok("{\"Count\":1,\"Items\":["
          + refusedItem() + "],\"LastEvaluatedKey\":{\"decisionKey\":{\"S\":\"" + ITEM_KEY
          + "\"},\"verdict\":{\"S\":\"REFUSED\"}}}")));
      wm.getWireMock().register(call("Query").atPriority(1)
          .withRequestBody(matchingJsonPath("$.ExclusiveStartKey.decisionKey.S", equalTo(ITEM_KEY)))
          .willReturn(ok("{\"Count\":0,\"Items\":[]}")));

      // When
      var first = ledger(wm).list(ScanVerdict.Outcome.REFUSED, Optional.empty(), 1);
      var second = ledger(wm).list(ScanVerdict.Outcome.REFUSED, first.nextPageToken(), 1);

      // Then
      assertThat(first.decisions()).singleElement().satisfies(d -> {
        assertThat(d.key()).isEqualTo(KEY);
        assertThat(d.outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
      });
      assertThat(first.nextPageToken()).contains(ITEM_KEY);
      assertThat(second.decisions()).isEmpty();
      assertThat(second.nextPageToken()).isEmpty();
      var queries = wm.getWireMock().find(requested("Query"));
      assertThat(queries).hasSize(2);
      JsonNode query = JSON.readTree(queries.get(0).getBodyAsString());
      assertThat(query.path("TableName").asText()).isEqualTo(TABLE);
      assertThat(query.path("IndexName").asText()).isEqualTo("verdict-index");
      assertThat(query.path("KeyConditionExpression").asText())
          .isEqualTo("#verdict = :verdict AND begins_with(#key, :prefix)");
      assertThat(query.at("/ExpressionAttributeValues/:verdict/S").asText()).isEqualTo("REFUSED");
      assertThat(query.at("/ExpressionAttributeValues/:prefix/S").asText()).isEqualTo("decision#");
      assertThat(query.path("Limit").asInt()).isEqualTo(1);
      assertThat(wm.getWireMock().find(requested("Scan"))).isEmpty();
    }

    @Test
    void shouldAddAHistoryItemAndUpdateOnlyTheDecisionAsReadWhenReplacing(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":" + refusedItem() + "}")));
      wm.getWireMock().register(call("TransactWriteItems").willReturn(ok("{}")));
      wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));
      Decision reopened = Decision.builder().from(approved(KEY, "reevaluate-1")).blockingFindings(List.of()).build();

      // When
      ledger(wm).replace(refused, reopened);

      // Then
      JsonNode transaction = onlyBody(wm, "TransactWriteItems");
      assertThat(transaction.path("ClientRequestToken").asText()).as("an SDK retry is idempotent").hasSize(36);
      JsonNode history = transaction.at("/TransactItems/0/Put");
      assertThat(history.at("/Item/decisionKey/S").asText()).isEqualTo("history#demo#" + URL_HASH + "#" + SHA.hex() + "#1");
      assertThat(history.at("/Item/historyVerdict/S").asText()).isEqualTo("REFUSED");
      assertThat(history.at("/Item/verdict").isMissingNode()).as("history stays out of the verdict index").isTrue();
      assertThat(history.at("/Item/runId/S").asText()).isEqualTo("run-earlier");
      assertThat(history.path("ConditionExpression").asText()).isEqualTo("attribute_not_exists(#key)");
      JsonNode update = transaction.at("/TransactItems/1/Update");
      assertThat(update.at("/Key/decisionKey/S").asText()).isEqualTo(ITEM_KEY);
      assertThat(update.path("ConditionExpression").asText()).isEqualTo("#verdict = :oldVerdict AND "
          + "#decided = :oldDecided AND #run = :oldRun AND (attribute_not_exists(#count) OR #count = :oldCount)");
      assertThat(update.at("/ExpressionAttributeValues/:oldVerdict/S").asText()).isEqualTo("REFUSED");
      assertThat(update.at("/ExpressionAttributeValues/:oldDecided/N").asText()).isEqualTo("1907658300000");
      assertThat(update.at("/ExpressionAttributeValues/:oldRun/S").asText()).isEqualTo("run-earlier");
      assertThat(update.path("UpdateExpression").asText()).contains(" REMOVE ");
      assertThat(onlyBody(wm, "PutItem").at("/Item/decisionKey/S").asText()).isEqualTo(LATEST_KEY);
    }

    @Test
    void shouldSayAnotherRunChangedItWhenTheTransactionIsCancelledByItsCondition(WireMockRuntimeInfo wm) {
      // Given: the item is REVOKED by another run by the time the transaction runs
      String revokedByOther = refusedItem().replace("\"REFUSED\"", "\"REVOKED\"")
          .replace("\"runId\": {\"S\": \"run-earlier\"}", "\"runId\": {\"S\": \"run-other\"}")
          .replace("\"blockingFindingCount\"", "\"publication\": " + publicationJson() + ", \"blockingFindingCount\"");
      wm.getWireMock().register(call("GetItem").inScenario("race").whenScenarioStateIs(STARTED)
          .willReturn(ok("{\"Item\":" + refusedItem() + "}")).willSetStateTo("changed"));
      wm.getWireMock().register(call("GetItem").inScenario("race").whenScenarioStateIs("changed")
          .willReturn(ok("{\"Item\":" + revokedByOther + "}")));
      wm.getWireMock().register(call("TransactWriteItems").willReturn(aResponse().withStatus(400)
          .withHeader("Content-Type", "application/x-amz-json-1.0")
          .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
              + "\"Message\":\"Transaction cancelled\",\"CancellationReasons\":[{\"Code\":\"None\"},"
              + "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"}]}")));

      // When
      ClaimLostException e = catchThrowableOfType(ClaimLostException.class,
          () -> ledger(wm).replace(refused, approved(KEY, "reevaluate-1")));

      // Then
      assertThat(e).hasMessageContaining("changed since it was read (now REVOKED by run run-other)");
      assertThat(e.holderRunId()).isEqualTo("run-other");
      assertThat(wm.getWireMock().find(requested("PutItem"))).isEmpty();
    }

    @Test
    void shouldReadEveryEarlierDecisionInOrderWhenAskedForHistory(WireMockRuntimeInfo wm) throws Exception {
      // Given
      String current = refusedItem().replace("\"runId\": {\"S\": \"run-earlier\"}",
          "\"runId\": {\"S\": \"run-earlier\"}, \"historyCount\": {\"N\": \"1\"}");
      String earlier = refusedItem().replace("\"verdict\": {\"S\": \"REFUSED\"}", "\"historyVerdict\": {\"S\": \"REFUSED\"}")
          .replace(ITEM_KEY, "history#demo#" + URL_HASH + "#" + SHA.hex() + "#1");
      wm.getWireMock().register(call("GetItem").withRequestBody(matchingJsonPath("$.Key.decisionKey.S", equalTo(ITEM_KEY)))
          .willReturn(ok("{\"Item\":" + current + "}")));
      wm.getWireMock().register(call("GetItem").withRequestBody(matchingJsonPath("$.Key.decisionKey.S",
          equalTo("history#demo#" + URL_HASH + "#" + SHA.hex() + "#1"))).willReturn(ok("{\"Item\":" + earlier + "}")));

      // When
      List<Decision> history = ledger(wm).history(KEY);

      // Then
      assertThat(history).containsExactly(refused);
    }
  }

  private static String publicationJson() {
    return "{\"M\": {\"repository\": {\"S\": \"file\"}, \"packageName\": {\"S\": \"demo\"}, "
        + "\"version\": {\"S\": \"1.0\"}, \"assetName\": {\"S\": \"demo-1.0.tar.gz\"}, \"sha256\": {\"S\": \""
        + SHA.hex() + "\"}, \"location\": {\"S\": \"/repo\"}, \"installInstructions\": {\"S\": \"pip install x\"}}}";
  }

  private static MappingBuilder call(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  private static RequestPatternBuilder requested(String operation) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  private static ResponseDefinitionBuilder ok(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
  }

  /** A DynamoDB (JSON 1.0) error. */
  private static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withHeader("x-amzn-RequestId", "req-" + status)
        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}");
  }

  /** A failed condition, with the item as it is ({@code ReturnValuesOnConditionCheckFailure: ALL_OLD}). */
  private static ResponseDefinitionBuilder conditionFailed(String itemJson) {
    String item = itemJson.equals("{}") ? "" : ",\"Item\":" + itemJson;
    return aResponse().withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
            + "\"message\":\"The conditional request failed\"" + item + "}");
  }

  private static String claimItemJson(String runId, String token, Instant leaseExpiresAt) {
    return """
        {"decisionKey": {"S": "%s"}, "kind": {"S": "decision"}, "normalisedName": {"S": "demo"},
         "url": {"S": "%s"}, "sha256": {"S": "%s"}, "claimRunId": {"S": "%s"}, "claimToken": {"S": "%s"},
         "claimedAt": {"S": "%s"}, "leaseExpiresAt": {"N": "%d"}}
        """.formatted(ITEM_KEY, URL, SHA.hex(), runId, token, leaseExpiresAt.minus(LEASE), leaseExpiresAt.toEpochMilli());
  }

  private static String refusedItem() {
    return AwsTestData.fixture(DynamoDbDecisionLedgerTest.class, "refused-item.json");
  }

  private static JsonNode onlyBody(WireMockRuntimeInfo wm, String operation) throws Exception {
    var requests = wm.getWireMock().find(requested(operation));
    assertThat(requests).as(operation + " calls").hasSize(1);
    return JSON.readTree(requests.get(0).getBodyAsString());
  }

  /** What an UpdateItem's SET clause assigns to each attribute that gets a string. */
  private static Map<String, String> setValues(JsonNode update) {
    Map<String, String> result = new HashMap<>();
    assignments(update).forEach((name, value) -> {
      if (value.has("S")) {
        result.put(name, value.get("S").asText());
      }
    });
    return result;
  }

  /** The value an UpdateItem's SET clause assigns to {@code attribute}. */
  private static JsonNode assigned(JsonNode update, String attribute) {
    JsonNode value = assignments(update).get(attribute);
    assertThat(value).as("SET " + attribute).isNotNull();
    return value;
  }

  private static Map<String, JsonNode> assignments(JsonNode update) {
    Map<String, JsonNode> result = new HashMap<>();
    String set = update.path("UpdateExpression").asText().substring("SET ".length());
    for (String assignment : set.split(", ")) {
      String[] sides = assignment.split(" = ");
      result.put(update.path("ExpressionAttributeNames").path(sides[0]).asText(),
          update.path("ExpressionAttributeValues").path(sides[1]));
    }
    return result;
  }

  private static Decision approved(DecisionKey key, String runId) {
    return Decision.builder()
        .key(key)
        .packageName("demo")
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version("1.0")
        .publication(Publication.builder().repository("file").packageName("demo").version("1.0")
            .assetName("demo-1.0.tar.gz").sha256(key.sha256()).location("/repo/demo/1.0/demo-1.0.tar.gz")
            .installInstructions("pip install /repo/demo/1.0/demo-1.0.tar.gz").build())
        .requester(Requester.builder().id("alice").email("alice@example.com").build())
        .decidedAt(NOW.plusSeconds(90))
        .runId(runId)
        .build();
  }
}
