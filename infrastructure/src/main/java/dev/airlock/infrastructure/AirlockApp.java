package dev.airlock.infrastructure;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app `cdk.json` runs: reads the settings from context, builds the Airlock stack and runs
 * cdk-nag's AWS Solutions checks on it, so `cdk synth` and `cdk deploy` stop on any unsuppressed finding.
 */
public final class AirlockApp {

  private AirlockApp() {
  }

  public static void main(String[] args) {
    App app = new App();
    build(app, environment());
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    app.synth();
  }

  /** Adds the stack to an app, with the settings read from the app's context. */
  public static AirlockStack build(App app, Environment environment) {
    AirlockSettings settings = AirlockSettings.fromContext(app.getNode());
    return new AirlockStack(app, "Airlock", StackProps.builder()
        .description("Airlock: vets open-source packages before they reach the private package repository")
        .env(environment)
        .build(), settings);
  }

  /** The account and region the CDK CLI resolved, when it did; otherwise an environment-agnostic stack. */
  private static Environment environment() {
    String account = System.getenv("CDK_DEFAULT_ACCOUNT");
    String region = System.getenv("CDK_DEFAULT_REGION");
    return account == null || region == null ? null
        : Environment.builder().account(account).region(region).build();
  }
}
