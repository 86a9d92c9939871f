package dev.airlock.adapter.aws.dynamodb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.airlock.adapter.aws.testing.FakeDynamoDb;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.testing.DecisionLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB ledger keeps the ledger contract: the real SDK against a table kept in memory behind
 * WireMock, which judges the ledger's own condition expressions ({@code DynamoDbDecisionLedgerTest}
 * checks the requests themselves).
 */
class DynamoDbDecisionLedgerContractTest extends DecisionLedgerContract {
  private static final FakeDynamoDb TABLE = new FakeDynamoDb(DecisionItems.KEY, DecisionItems.VERDICT_INDEX,
      DecisionItems.VERDICT, DecisionItems.KEY);

  @RegisterExtension
  static final WireMockExtension DYNAMODB = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().extensions(TABLE))
      .build();

  @Override
  protected DecisionLedger newLedger() {
    TABLE.clear();
    DYNAMODB.stubFor(post(urlEqualTo("/")).willReturn(aResponse()));
    return new DynamoDbDecisionLedger(WireMockAws.dynamoDb(DYNAMODB.getRuntimeInfo()), "airlock-decisions");
  }
}
