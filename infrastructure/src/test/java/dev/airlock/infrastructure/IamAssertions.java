package dev.airlock.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Policy checks both stack test classes make. */
final class IamAssertions {

  private IamAssertions() {
  }

  /**
   * No Allow statement anywhere in the template (role, key, bucket, topic or trust policy) names a
   * wildcard action ({@code *}, {@code service:*} or {@code service:Get*}) or uses NotAction. A
   * Deny may cover a whole service only to refuse unencrypted transport, which is how TLS-only
   * bucket policies are written.
   */
  static void assertNoWildcardActions(TemplateJson json) {
    List<TemplateJson.Statement> statements = json.statements();
    assertThat(statements).as("policy statements found in the template").hasSizeGreaterThan(15);
    assertThat(statements).allSatisfy(statement -> {
      assertThat(statement.body()).as("%s: %s", statement.resourceId(), statement.body())
          .doesNotContainKeys("NotAction", "NotResource", "NotPrincipal");
      assertThat(statement.actions()).as("actions of %s: %s", statement.resourceId(), statement.body())
          .isNotEmpty();
      if (statement.effect().equals("Allow")) {
        assertThat(statement.actions()).as("actions allowed by %s", statement.resourceId())
            .noneMatch(action -> action.contains("*"));
      } else if (statement.actions().stream().anyMatch(action -> action.contains("*"))) {
        assertThat(statement.effect()).isEqualTo("Deny");
        assertThat(String.valueOf(statement.body().get("Condition")))
            .as("a wildcard Deny in %s must be a transport guard", statement.resourceId())
            .containsAnyOf("aws:SecureTransport=false", "s3:TlsVersion=1.2");
      }
    });
  }

  /** The logical id of the role a resource property points at with Fn::GetAtt. */
  static String roleOf(Object roleArn) {
    String rendered = TemplateJson.render(roleArn);
    assertThat(rendered).as("role reference").matches("\\$\\{[A-Za-z0-9]+\\.Arn}");
    return rendered.substring(2, rendered.length() - ".Arn}".length());
  }

  /** The Allow statements of a role that name any of the given actions. */
  static List<TemplateJson.Statement> allowing(List<TemplateJson.Statement> statements, String... actions) {
    List<String> wanted = List.of(actions);
    return statements.stream()
        .filter(statement -> statement.effect().equals("Allow"))
        .filter(statement -> statement.actions().stream().anyMatch(wanted::contains))
        .toList();
  }

  /** The condition that limits {@code sts:GetServiceBearerToken} to CodeArtifact's tokens. */
  static final Map<String, Object> CODEARTIFACT_BEARER_TOKEN_CONDITION =
      Map.of("StringEquals", Map.of("sts:AWSServiceName", "codeartifact.amazonaws.com"));

  /** The actions a package reader needs and nothing more; none of them writes to a repository. */
  static final List<String> INSTALL_ACTIONS = List.of("codeartifact:GetAuthorizationToken",
      "sts:GetServiceBearerToken", "codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository");

  /**
   * The statements through which a principal reaches CodeArtifact: a token for the domain, the
   * conditioned bearer token, the repository's endpoint and reads, each on exactly its resource.
   */
  static void assertInstallStatements(List<TemplateJson.Statement> statements, String domainArn,
      String repositoryArn) {
    assertThat(allowing(statements, "codeartifact:GetAuthorizationToken")).singleElement().satisfies(statement -> {
      assertThat(statement.actions()).containsExactly("codeartifact:GetAuthorizationToken");
      assertThat(statement.renderedResources()).containsExactly(domainArn);
    });
    assertThat(allowing(statements, "sts:GetServiceBearerToken")).singleElement().satisfies(statement -> {
      assertThat(statement.actions()).containsExactly("sts:GetServiceBearerToken");
      assertThat(statement.renderedResources()).containsExactly("*");
      assertThat(statement.body().get("Condition")).isEqualTo(CODEARTIFACT_BEARER_TOKEN_CONDITION);
    });
    assertThat(allowing(statements, "codeartifact:ReadFromRepository")).singleElement().satisfies(statement -> {
      assertThat(statement.actions()).containsExactlyInAnyOrder("codeartifact:GetRepositoryEndpoint",
          "codeartifact:ReadFromRepository");
      assertThat(statement.renderedResources()).containsExactly(repositoryArn);
    });
  }

  /** The service principal condition every role trust policy in the stack carries. */
  static Map<String, Object> sourceAccountCondition(String account) {
    return Map.of("StringEquals", Map.of("aws:SourceAccount", account));
  }
}
