package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.airlock.bootstrap.AirlockProcess.Run;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code airlock} process with {@code --ledger dynamodb}, the real AWS SDK pointed at
 * WireMock (speaking DynamoDB's JSON 1.0) through the standard {@code AWS_ENDPOINT_URL} variable.
 */
@WireMockTest
class DynamoDbLedgerEndToEndTest {
  private static final String TABLE = "airlock-decisions";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private Path dataDir;

  @BeforeEach
  void copyExamples() throws IOException {
    Path packages = Files.createDirectories(work.resolve("packages"));
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "packages"))) {
      for (Path file : files.toList()) {
        Files.copy(file, packages.resolve(file.getFileName()));
      }
    }
    Files.copy(Path.of("..", "examples", "external-package-request.csv"), work.resolve("requests.csv"));
    dataDir = work.resolve("data");
  }

  @Test
  void shouldExitTwoNamingTheTableBeforeAnyWorkWhenTheLedgerTableDoesNotExist(WireMockRuntimeInfo wm)
      throws Exception {
    // Given
    wm.getWireMock().register(call("GetItem").willReturn(error("ResourceNotFoundException",
        "Requested resource not found")));

    // When
    Run run = airlock(wm);

    // Then
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("ledger: DynamoDB table " + TABLE + " does not exist in this account and region");
    assertThat(dataDir.resolve("repository")).doesNotExist();
    wm.getWireMock().verifyThat(0, requested("PutItem"));
  }

  @Test
  void shouldClaimThenRecordEachRequestInTheTableWhenRunWithTheDynamoDbLedger(WireMockRuntimeInfo wm)
      throws Exception {
    // Given: an empty table
    wm.getWireMock().register(call("GetItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("UpdateItem").willReturn(ok("{}")));

    // When
    Run run = airlock(wm);

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("1 approved, 1 refused, 0 error, 0 already decided");
    List<String> claims = bodies(wm, "PutItem").stream().filter(b -> b.contains("\"claimToken\"")).toList();
    assertThat(claims).hasSize(2).allSatisfy(b -> assertThat(b).contains("attribute_not_exists(#key)"));
    List<String> finals = bodies(wm, "UpdateItem");
    assertThat(finals).hasSize(2);
    assertThat(String.join("\n", finals)).contains("\"APPROVED\"").contains("\"REFUSED\"");
    wm.getWireMock().verifyThat(2, requested("PutItem").withRequestBody(containing("\"latest#")));
  }

  @Test
  void shouldLeaveARequestToTheRunHoldingItsClaimAndExitZero(WireMockRuntimeInfo wm) throws Exception {
    // Given: another run holds a live claim on every key
    long lease = Instant.now().plus(Duration.ofMinutes(40)).toEpochMilli();
    wm.getWireMock().register(call("GetItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("PutItem").willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
            + "\"message\":\"The conditional request failed\",\"Item\":{\"decisionKey\":{\"S\":\"decision#x\"},"
            + "\"claimRunId\":{\"S\":\"build-42\"},\"claimToken\":{\"S\":\"t\"},\"leaseExpiresAt\":{\"N\":\"" + lease
            + "\"}}}")));

    // When
    Run run = airlock(wm, "--format", "json");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    var doc = JSON.readTree(run.out());
    assertThat(doc.path("summary").path("in_progress_elsewhere").asInt()).isEqualTo(2);
    assertThat(doc.path("requests").findValuesAsText("status")).containsOnly("IN_PROGRESS_ELSEWHERE");
    assertThat(dataDir.resolve("repository")).doesNotExist();
    wm.getWireMock().verifyThat(0, requested("UpdateItem"));
  }

  @Test
  void shouldExitOneSayingItIsTransientWhenDynamoDbDoesNotAnswerAtStartUp(WireMockRuntimeInfo wm) throws Exception {
    // Given: DynamoDB failing with 500 on every call
    wm.getWireMock().register(call("GetItem").willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"com.amazon.coral.service#InternalFailure\",\"message\":\"internal\"}")));

    // When
    Run run = airlock(wm);

    // Then
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("DynamoDB table " + TABLE).contains("HTTP 500")
        .contains("This looks transient").contains("nothing was fetched or published; run again");
    assertThat(dataDir.resolve("repository")).doesNotExist();
    assertThat(dataDir.resolve("reports")).doesNotExist();
  }

  @Test
  void shouldTreatARefusalWhoseDetailsCannotBeReadAsDecidedAndSaySo(WireMockRuntimeInfo wm) throws Exception {
    // Given: every latest item a refusal an hour old, its findings in a shape Airlock never wrote
    Instant decided = Instant.now().minus(Duration.ofHours(1));
    wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":{\"decisionKey\":{\"S\":\"latest#x\"},"
        + "\"sha256\":{\"S\":\"" + "ab".repeat(32) + "\"},\"verdict\":{\"S\":\"REFUSED\"},"
        + "\"blockingFindings\":{\"S\":\"HIGH setup.py downloads code\"},"
        + "\"decidedAt\":{\"S\":\"" + decided + "\"}}}")));

    // When
    Run run = airlock(wm);

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("0 approved, 0 refused, 0 error, 2 already decided");
    assertThat(run.err()).contains("cannot be read: treated as decided, details unreadable");
    wm.getWireMock().verifyThat(0, requested("PutItem"));
  }

  @Test
  void shouldMakeTheRequestAnErrorWhenAnApprovalsPublicationIsWrittenInAnotherShape(WireMockRuntimeInfo wm)
      throws Exception {
    // Given: every latest item an approval an hour old whose publication map has the names the README once gave
    Instant decided = Instant.now().minus(Duration.ofHours(1));
    wm.getWireMock().register(call("GetItem").willReturn(ok("{\"Item\":{\"decisionKey\":{\"S\":\"latest#x\"},"
        + "\"sha256\":{\"S\":\"" + "ab".repeat(32) + "\"},\"verdict\":{\"S\":\"APPROVED\"},"
        + "\"publication\":{\"M\":{\"repository\":{\"S\":\"codeartifact\"},\"version\":{\"S\":\"1.0.0\"},"
        + "\"asset\":{\"S\":\"x.tar.gz\"}}},\"decidedAt\":{\"S\":\"" + decided + "\"}}}")));

    // When
    Run run = airlock(wm);

    // Then
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("0 approved, 0 refused, 2 error").contains("it is APPROVED, but its publication");
  }

  @Test
  void shouldKeepARequestUrlsQueryOutOfEveryItemWritten(WireMockRuntimeInfo wm) throws Exception {
    // Given: archives behind URLs that carry a token
    Map<String, byte[]> archives = Map.of(
        "/tidy-stats-1.0.0.tar.gz", Files.readAllBytes(work.resolve("packages/tidy-stats-1.0.0.tar.gz")),
        "/fast-json-helper-0.3.1.tar.gz", Files.readAllBytes(work.resolve("packages/fast-json-helper-0.3.1.tar.gz")));
    wm.getWireMock().register(call("GetItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("PutItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("UpdateItem").willReturn(ok("{}")));
    try (LooseHttpServer server = new LooseHttpServer(archives, new byte[0])) {
      Files.writeString(work.resolve("requests.csv"),
          "tidy-stats,http://" + server.hostPort() + "/tidy-stats-1.0.0.tar.gz?token=s3cr3t-token\n"
              + "fast-json-helper,http://" + server.hostPort() + "/fast-json-helper-0.3.1.tar.gz?token=s3cr3t-token\n");

      // When
      Run run = airlock(wm, "--allow-host", server.hostPort());

      // Then
      assertThat(run.code()).as(run.err()).isZero();
      List<String> written = new ArrayList<>(bodies(wm, "PutItem"));
      written.addAll(bodies(wm, "UpdateItem"));
      assertThat(written).hasSize(6).noneSatisfy(body -> assertThat(body).contains("s3cr3t"));
      assertThat(bodies(wm, "PutItem")).allSatisfy(body -> assertThat(body).contains("urlSha256").contains("?…"));
    }
  }

  @Test
  void shouldPageThroughTheVerdictIndexWithQueriesAndNeverScanWhenReevaluating(WireMockRuntimeInfo wm)
      throws Exception {
    // Given: three approvals of tidy-stats (three URLs) in the table, published to the file repository
    byte[] archive = Files.readAllBytes(Path.of("..", "examples", "packages", "tidy-stats-1.0.0.tar.gz"));
    String sha = Sha256.hashOf(archive).hex();
    Path published = Files.createDirectories(dataDir.resolve("repository/tidy-stats/1.0.0"));
    Files.write(published.resolve("tidy-stats-1.0.0.tar.gz"), archive);
    List<String> items = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      items.add(approvedItem("https://files.pythonhosted.org/packages/t/tidy-stats/tidy-stats-1.0.0.tar.gz?mirror=" + i,
          sha, published.resolve("tidy-stats-1.0.0.tar.gz").toString()));
    }
    wm.getWireMock().register(call("GetItem").willReturn(ok("{}")));
    wm.getWireMock().register(call("Query").atPriority(9).willReturn(ok("{\"Count\":0,\"Items\":[]}")));
    wm.getWireMock().register(call("Query").atPriority(5)
        .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues[':verdict'].S", equalTo("APPROVED")))
        .willReturn(ok("{\"Count\":2,\"Items\":[" + items.get(0) + "," + items.get(1) + "],"
            + "\"LastEvaluatedKey\":{\"decisionKey\":{\"S\":\"page-1-end\"},\"verdict\":{\"S\":\"APPROVED\"}}}")));
    wm.getWireMock().register(call("Query").atPriority(1)
        .withRequestBody(matchingJsonPath("$.ExclusiveStartKey.decisionKey.S", equalTo("page-1-end")))
        .willReturn(ok("{\"Count\":1,\"Items\":[" + items.get(2) + "]}")));
    Map<String, String> env = AirlockProcess.awsStub(wm.getHttpBaseUrl(), "airlock-test-secret");
    env.put("AIRLOCK_DYNAMODB_TABLE", TABLE);

    // When
    Run run = AirlockProcess.run(work, env, List.of("reevaluate", "--ledger", "dynamodb", "--data-dir",
        dataDir.toString(), "--page-size", "2", "--format", "json"));

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").findValuesAsText("status"))
        .containsExactly("UNCHANGED", "UNCHANGED", "UNCHANGED");
    List<String> queries = bodies(wm, "Query");
    assertThat(queries).hasSize(4).allSatisfy(q -> {
      assertThat(q).contains("\"IndexName\":\"verdict-index\"").contains("\"Limit\":2");
    });
    wm.getWireMock().verifyThat(0, requested("Scan"));
    wm.getWireMock().verifyThat(0, requested("TransactWriteItems"));
  }

  private static String approvedItem(String url, String sha, String location) {
    String urlHash = Sha256.hashOf(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
    return """
        {"decisionKey": {"S": "decision#tidy-stats#%s#%s"}, "kind": {"S": "decision"},
         "normalisedName": {"S": "tidy-stats"}, "url": {"S": "%s"}, "sha256": {"S": "%s"},
         "verdict": {"S": "APPROVED"}, "packageName": {"S": "tidy-stats"}, "version": {"S": "1.0.0"},
         "publication": {"M": {"repository": {"S": "file"}, "packageName": {"S": "tidy-stats"},
           "version": {"S": "1.0.0"}, "assetName": {"S": "tidy-stats-1.0.0.tar.gz"}, "sha256": {"S": "%s"},
           "location": {"S": "%s"}, "installInstructions": {"S": "pip install %s"}}},
         "blockingFindings": {"L": []}, "blockingFindingCount": {"N": "0"}, "requester": {"S": "alice"},
         "decidedAt": {"S": "2026-11-01T10:00:00Z"}, "decidedAtMillis": {"N": "1793527200000"},
         "runId": {"S": "build-7"}}""".formatted(urlHash, sha, url, sha, sha, location, location);
  }

  // ---------------------------------------------------------------------------------------------

  private static MappingBuilder call(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  private static RequestPatternBuilder requested(String operation) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  private static List<String> bodies(WireMockRuntimeInfo wm, String operation) {
    return wm.getWireMock().find(requested(operation)).stream().map(r -> r.getBodyAsString()).toList();
  }

  private static ResponseDefinitionBuilder ok(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
  }

  private static ResponseDefinitionBuilder error(String type, String message) {
    return aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}");
  }

  private Run airlock(WireMockRuntimeInfo wm, String... extra) throws Exception {
    Map<String, String> env = AirlockProcess.awsStub(wm.getHttpBaseUrl(), "airlock-test-secret");
    env.put("AWS_MAX_ATTEMPTS", "2");
    env.put("AIRLOCK_DYNAMODB_TABLE", TABLE);
    List<String> args = new ArrayList<>(List.of("run", "requests.csv", "--allow-file-urls", "--data-dir",
        dataDir.toString(), "--ledger", "dynamodb"));
    args.addAll(List.of(extra));
    return AirlockProcess.run(work, env, args);
  }

}
