package dev.airlock.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Reading the stack settings from CDK context: defaults, cdk.json value types and refusals that name the key. */
@DisplayName("Airlock settings from CDK context")
class AirlockSettingsTest {

  @TempDir
  static Path dir;
  private static Path jar;

  @BeforeAll
  static void placeholderJar() throws IOException {
    jar = Files.writeString(dir.resolve("airlock.jar"), "placeholder");
  }

  private static AirlockSettings read(Map<String, Object> context) {
    Map<String, Object> values = new HashMap<>();
    values.put("githubRepository", "example-org/package-requests");
    values.put("airlockJar", jar.toString());
    values.putAll(context);
    return AirlockSettings.fromContext(new App(AppProps.builder().context(values).build()).getNode());
  }

  @Test
  void shouldDefaultEverythingButTheRequestRepository() {
    AirlockSettings settings = read(Map.of());

    assertThat(settings.name()).isEqualTo("airlock");
    assertThat(settings.branch()).isEqualTo("main");
    assertThat(settings.requestFile()).isEqualTo("external-package-request.csv");
    assertThat(settings.source()).isEqualTo("file");
    assertThat(settings.connectionArn()).isEmpty();
    assertThat(settings.scanners()).containsExactly("builtin");
    assertThat(settings.codeArtifactDomain()).isEqualTo("airlock");
    assertThat(settings.codeArtifactRepository()).isEqualTo("approved-packages");
    assertThat(settings.codeArtifactNamespace()).isEqualTo("airlock");
    assertThat(settings.pypiUpstream()).isFalse();
    assertThat(settings.network()).isEmpty();
    assertThat(settings.logRetentionDays()).isEqualTo(365);
    assertThat(settings.buildTimeoutMinutes()).isEqualTo(60);
    assertThat(settings.artifactRetentionDays()).isEqualTo(30);
    assertThat(settings.workers()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "100", "-2", "four"})
  void shouldRefuseANumberOfWorkersABatchCannotHold(String workers) {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("workers", workers)))
        .withMessageContaining("workers");
  }

  @Test
  void shouldReadListsBooleansAndNumbersAsCdkJsonGivesThem() {
    AirlockSettings settings = read(Map.of(
        "scanners", List.of("builtin", "inspector"),
        "pypiUpstream", true,
        "logRetentionDays", 90,
        "allowedHosts", " pypi.org, files.pythonhosted.org ,,registry.example.com:8443"));

    assertThat(settings.scanners()).containsExactly("builtin", "inspector");
    assertThat(settings.pypiUpstream()).isTrue();
    assertThat(settings.logRetentionDays()).isEqualTo(90);
    assertThat(settings.allowedHosts()).containsExactly("pypi.org", "files.pythonhosted.org",
        "registry.example.com:8443");
  }

  @Test
  void shouldReadTheNetworkWhenAVpcIsGiven() {
    AirlockSettings settings = read(Map.of(
        "vpcId", "vpc-0123456789abcdef0",
        "subnetIds", "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
        "securityGroupId", "sg-0123456789abcdef0"));

    assertThat(settings.network()).contains(new AirlockSettings.Network("vpc-0123456789abcdef0",
        List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"), Optional.of("sg-0123456789abcdef0"),
        false, List.of(), Optional.empty()));
  }

  @Test
  void shouldRequireTheRequestRepository() {
    Map<String, Object> context = new HashMap<>();
    context.put("githubRepository", null);

    assertThatIllegalArgumentException().isThrownBy(() -> read(context))
        .withMessageContaining("githubRepository is required")
        .withMessageContaining("owner/name");
  }

  @Test
  void shouldSayHowToBuildTheJarWhenItIsMissing() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> read(Map.of("airlockJar", dir.resolve("missing.jar").toString())))
        .withMessageContaining("missing.jar")
        .withMessageContaining("./mvnw -pl bootstrap -am package");
  }

  @Test
  void shouldRefuseCodeGuruBecauseItWasDiscontinued() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("scanners", "builtin,codeguru")))
        .withMessageContaining("discontinued");
  }

  @Test
  void shouldRefuseAnUnknownScanner() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("scanners", "builtin,clamav")))
        .withMessageContaining("unknown scanner 'clamav'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../secrets.csv", "/etc/passwd", "requests/../../x.csv", "requests file.csv"})
  void shouldRefuseARequestFileOutsideTheRepository(String path) {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("requestFile", path)))
        .withMessageContaining("requestFile");
  }

  @Test
  void shouldRefuseALogRetentionCloudWatchDoesNotOffer() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("logRetentionDays", "42")))
        .withMessageContaining("logRetentionDays must be one of");
  }

  @Test
  void shouldRefuseAMalformedConnectionArn() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> read(Map.of("connectionArn", "arn:aws:iam::123456789012:role/admin")))
        .withMessageContaining("connectionArn is malformed");
  }

  @Test
  void shouldRefuseASecretGivenByNameInsteadOfCompleteArn() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> read(Map.of("githubTokenSecretArn", "airlock/github-token")))
        .withMessageContaining("githubTokenSecretArn is malformed");
  }

  @Test
  void shouldRequireTheTokenSecretForTheGitHubSource() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("source", "github")))
        .withMessageContaining("githubTokenSecretArn");
  }

  @Test
  void shouldRequireTheTokenSecretForPullRequestChecks() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("pullRequestChecks", "true")))
        .withMessageContaining("pullRequestChecks")
        .withMessageContaining("githubTokenSecretArn");
  }

  @Test
  void shouldReadThePolicyPathAndPullRequestChecksWhenTheyAreGiven() {
    AirlockSettings settings = read(Map.of("pullRequestChecks", true, "policyPath", "requests/airlock-policy.yaml",
        "githubTokenSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airlock/github-token-AbCdEf"));

    assertThat(settings.pullRequestChecks()).isTrue();
    assertThat(settings.policyPath()).contains("requests/airlock-policy.yaml");
    assertThat(read(Map.of()).pullRequestChecks()).isFalse();
    assertThat(read(Map.of()).policyPath()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/policy.yaml", "requests/../../policy.yaml"})
  void shouldRefuseAPolicyPathOutsideTheRepository(String path) {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("policyPath", path)))
        .withMessageContaining("policyPath");
  }

  @Test
  void shouldRefuseAPolicyPathBesideAShippedPolicyFile() throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "threshold: HIGH\n");

    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("policyPath", "requests/airlock-policy.yaml",
            "policyFile", policy.toString())))
        .withMessageContaining("policyFile and policyPath both name the policy");
  }

  @Test
  void shouldRequireAnEmailForARequesterFilter() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("notificationRequester", "octocat")))
        .withMessageContaining("notificationRequester needs notificationEmail");
  }

  @Test
  void shouldRefuseNetworkSettingsWithoutAVpc() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("subnetIds", "subnet-0123456789abcdef0")))
        .withMessageContaining("subnetIds needs vpcId");
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("vpcEndpoints", "true")))
        .withMessageContaining("vpcEndpoints needs vpcId");
  }

  @Test
  void shouldRequireRouteTablesAndAClientRangeForEndpoints() {
    Map<String, Object> vpc = Map.of("vpcId", "vpc-0123456789abcdef0", "subnetIds", "subnet-0123456789abcdef0",
        "vpcEndpoints", "true");
    Map<String, Object> withRoutes = new HashMap<>(vpc);
    withRoutes.put("routeTableIds", "rtb-0123456789abcdef0");

    assertThatIllegalArgumentException().isThrownBy(() -> read(vpc)).withMessageContaining("routeTableIds");
    assertThatIllegalArgumentException().isThrownBy(() -> read(withRoutes))
        .withMessageContaining("endpointClientCidr is required");
  }

  @Test
  void shouldRefuseEndpointsOpenToTheWorld() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of(
            "vpcId", "vpc-0123456789abcdef0", "subnetIds", "subnet-0123456789abcdef0", "vpcEndpoints", "true",
            "routeTableIds", "rtb-0123456789abcdef0", "endpointClientCidr", "0.0.0.0/0")))
        .withMessageContaining("must not be open to the world");
  }

  @Test
  void shouldPutPublicPypiInADomainOfItsOwnNamedAfterTheApprovedOne() {
    AirlockSettings settings = read(Map.of("codeArtifactDomain", "data-science", "pypiUpstream", "true"));

    assertThat(settings.publicCodeArtifactDomain()).isEqualTo("data-science-public");
  }

  @Test
  void shouldRefuseADomainTooLongToNameThePublicPypiDomainAfter() {
    String longest = "d".repeat(50);

    assertThat(read(Map.of("codeArtifactDomain", longest)).codeArtifactDomain()).isEqualTo(longest);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> read(Map.of("codeArtifactDomain", longest, "pypiUpstream", "true")))
        .withMessageContaining(longest + "-public")
        .withMessageContaining("shorten codeArtifactDomain");
  }

  @Test
  void shouldRefuseAFlagThatIsNeitherTrueNorFalse() {
    assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of("pypiUpstream", "yes")))
        .withMessageContaining("pypiUpstream must be true or false");
  }
}
