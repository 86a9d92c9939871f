package dev.airlock.infrastructure;

import dev.airlock.infrastructure.AirlockSettings.Network;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.CfnVPCEndpoint;
import software.constructs.Construct;

/**
 * The VPC side of an installation: the security group the build runs behind and, when asked for,
 * the CodeArtifact interface endpoints and S3 gateway endpoint that VPC-only notebooks install through.
 */
final class BuildNetwork extends Construct {

  private final Network network;
  private final String buildSecurityGroupId;

  BuildNetwork(Construct scope, String id, Network network) {
    super(scope, id);
    this.network = network;
    buildSecurityGroupId = network.securityGroupId().orElseGet(() -> LogicalIds.topLevel(
        CfnSecurityGroup.Builder.create(this, "BuildSecurityGroup")
            .vpcId(network.vpcId())
            .groupDescription("Airlock CodeBuild: HTTPS out only, nothing in")
            .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
                .ipProtocol("tcp").fromPort(443).toPort(443).cidrIp("0.0.0.0/0")
                .description("HTTPS to allow-listed package hosts and AWS endpoints")
                .build()))
            .build())
        .getAttrGroupId());
    if (network.endpoints()) {
      endpoints();
    }
  }

  /** The network the build runs in. */
  Network network() {
    return network;
  }

  /** The build's security group: the given one, or one that allows HTTPS out and nothing in. */
  String buildSecurityGroupId() {
    return buildSecurityGroupId;
  }

  private void endpoints() {
    CfnSecurityGroup endpoints = LogicalIds.topLevel(CfnSecurityGroup.Builder.create(this, "EndpointSecurityGroup")
        .vpcId(network.vpcId())
        .groupDescription("CodeArtifact interface endpoints: HTTPS in from the notebook range, nothing out")
        .securityGroupIngress(List.of(CfnSecurityGroup.IngressProperty.builder()
            .ipProtocol("tcp").fromPort(443).toPort(443).cidrIp(network.endpointClientCidr().orElseThrow())
            .description("HTTPS from notebooks and builds in the VPC")
            .build()))
        // An interface endpoint never starts connections; this unreachable rule replaces the default allow-all.
        .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
            .ipProtocol("icmp").fromPort(252).toPort(86).cidrIp("255.255.255.255/32")
            .description("Disallow all traffic")
            .build()))
        .build());
    LogicalIds.topLevel(CfnSecurityGroupIngress.Builder.create(this, "EndpointFromBuild")
        .groupId(endpoints.getAttrGroupId())
        .ipProtocol("tcp").fromPort(443).toPort(443)
        .sourceSecurityGroupId(buildSecurityGroupId)
        .description("HTTPS from the Airlock build")
        .build());
    CfnVPCEndpoint api = interfaceEndpoint("CodeArtifactApiEndpoint", "codeartifact.api", endpoints.getAttrGroupId());
    CfnVPCEndpoint repositories = interfaceEndpoint("CodeArtifactRepositoriesEndpoint", "codeartifact.repositories",
        endpoints.getAttrGroupId());
    // The repositories endpoint's private DNS name resolves through the api endpoint's.
    repositories.addResourceDependency(api);
    LogicalIds.topLevel(CfnVPCEndpoint.Builder.create(this, "S3GatewayEndpoint")
        .vpcId(network.vpcId())
        .vpcEndpointType("Gateway")
        .serviceName("com.amazonaws." + Stack.of(this).getRegion() + ".s3")
        .routeTableIds(network.routeTableIds())
        .build());
  }

  private CfnVPCEndpoint interfaceEndpoint(String id, String service, String securityGroup) {
    return LogicalIds.topLevel(CfnVPCEndpoint.Builder.create(this, id)
        .vpcId(network.vpcId())
        .vpcEndpointType("Interface")
        .serviceName("com.amazonaws." + Stack.of(this).getRegion() + "." + service)
        .subnetIds(network.subnetIds())
        .securityGroupIds(List.of(securityGroup))
        .privateDnsEnabled(true)
        .build());
  }
}
