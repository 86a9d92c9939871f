package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.Policies.allow;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The EventBridge schedule that starts the re-evaluation project once a day, so an approval that
 * an advisory, a rule or a policy change now refuses is revoked within a day, with a role that may
 * start that one project and nothing else.
 */
final class ReevaluationSchedule extends Construct {

  /** Every day at 03:00 UTC, when no one is pushing requests. */
  static final String SCHEDULE = "cron(0 3 * * ? *)";

  ReevaluationSchedule(Construct scope, String id, CfnProject reevaluation) {
    super(scope, id);
    Role role = LogicalIds.keep(Role.Builder.create(this, "Role")
        .assumedBy(Policies.servicePrincipal(this, "events.amazonaws.com"))
        .description("Starts the daily airlock reevaluate build")
        .inlinePolicies(Map.of("airlock-schedule", PolicyDocument.Builder.create().statements(List.of(
            allow("StartReevaluation", List.of("codebuild:StartBuild"), List.of(reevaluation.getAttrArn()))))
            .build()))
        .build(), "ReevaluateScheduleRole");
    LogicalIds.topLevel(CfnRule.Builder.create(this, "ReevaluateSchedule")
        .description("Runs airlock reevaluate on every decision once a day")
        .scheduleExpression(SCHEDULE)
        .state("ENABLED")
        .targets(List.of(CfnRule.TargetProperty.builder()
            .id("Reevaluate")
            .arn(reevaluation.getAttrArn())
            .roleArn(role.getRoleArn())
            .build()))
        .build());
  }

  /** When it runs, for the stack's outputs. */
  String describe() {
    return "daily at 03:00 UTC";
  }
}
