package dev.airlock.infrastructure;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Logical ids of the stack's resources: those they had when the stack created every resource at its
 * top level, before it was split into constructs, so that a deployed stack updates in place instead
 * of replacing named and retained resources (which would fail on their names).
 */
final class LogicalIds {

  private LogicalIds() {
  }

  /** An L1 resource keeps its construct id as its logical id, as a top-level resource of the stack has. */
  static <T extends CfnElement> T topLevel(T resource) {
    resource.overrideLogicalId(resource.getNode().getId());
    return resource;
  }

  /** An L2 construct's resource keeps the logical id it had at the top of the stack (its id and path hash). */
  static <T extends IConstruct> T keep(T construct, String logicalId) {
    element(construct).overrideLogicalId(logicalId);
    return construct;
  }

  /** The logical id of a construct's CloudFormation resource, overrides included, as cdk-nag names it in findings. */
  static String of(IConstruct construct) {
    CfnElement element = element(construct);
    return (String) Stack.of(construct).resolve(element.getLogicalId());
  }

  private static CfnElement element(IConstruct construct) {
    return (CfnElement) (construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild());
  }
}
