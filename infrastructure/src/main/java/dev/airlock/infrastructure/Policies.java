package dev.airlock.infrastructure;

import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.constructs.IConstruct;

/** The IAM and cdk-nag building blocks the stack's constructs share. */
final class Policies {

  private Policies() {
  }

  /** An Allow statement naming its actions and resources. */
  static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources)
        .build();
  }

  /**
   * CodeArtifact asks STS for a bearer token on the caller's behalf when it issues an authorization
   * token. The action has no resource type, so the statement is limited by condition to CodeArtifact.
   */
  static PolicyStatement codeArtifactBearerToken() {
    return PolicyStatement.Builder.create()
        .sid("CodeArtifactBearerToken")
        .effect(Effect.ALLOW)
        .actions(List.of("sts:GetServiceBearerToken"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("sts:AWSServiceName", "codeartifact.amazonaws.com")))
        .build();
  }

  /** A service principal that only acts for the account of the scope's stack (confused-deputy guard). */
  static ServicePrincipal servicePrincipal(IConstruct scope, String service) {
    return new ServicePrincipal(service, ServicePrincipalOpts.builder()
        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
        .build());
  }

  /** A cdk-nag finding pattern for an ARN of this stack's account and region, whichever way they are written. */
  static RegexAppliesTo arnPattern(String service, String resource) {
    return RegexAppliesTo.builder()
        .regex("/^Resource::arn:<AWS::Partition>:" + service + ":(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):"
            + regexLiteral(resource) + "$/")
        .build();
  }

  private static String regexLiteral(String text) {
    return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/-]", "\\\\$0");
  }
}
