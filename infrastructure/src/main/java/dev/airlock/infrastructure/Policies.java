package dev.airlock.infrastructure;

import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
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

  /**
   * What CodeBuild needs to run in the configured VPC: the network-interface calls, which IAM grants only
   * on *, and attaching an interface, limited by condition to CodeBuild and the configured subnets.
   */
  static List<PolicyStatement> buildNetwork(IConstruct scope, AirlockSettings.Network network) {
    Stack stack = Stack.of(scope);
    return List.of(
        allow("ManageBuildNetworkInterfaces",
            List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"),
            List.of("*")),
        PolicyStatement.Builder.create()
            .sid("AttachBuildNetworkInterfaces")
            .effect(Effect.ALLOW)
            .actions(List.of("ec2:CreateNetworkInterfacePermission"))
            .resources(List.of(stack.formatArn(ArnComponents.builder().service("ec2").resource("network-interface")
                .resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
            .conditions(Map.of(
                "StringEquals", Map.of("ec2:AuthorizedService", "codebuild.amazonaws.com"),
                "ArnEquals", Map.of("ec2:Subnet", network.subnetIds().stream()
                    .map(subnet -> stack.formatArn(ArnComponents.builder().service("ec2").resource("subnet")
                        .resourceName(subnet).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))
                    .toList())))
            .build());
  }
}
