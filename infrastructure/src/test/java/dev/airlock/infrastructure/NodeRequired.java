package dev.airlock.infrastructure;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips this module's tests when Node.js is missing (the CDK synthesises through it, so every test
 * would fail with {@code Cannot run program "node"}), saying so in one loud line; with
 * {@code CI_REQUIRE_NODE=1} (set by {@code .ci/run}) a missing Node.js fails them instead. Registered
 * for every test class of the module by JUnit's extension auto-detection.
 */
public final class NodeRequired implements ExecutionCondition {
  private static final String REQUIRE_VARIABLE = "CI_REQUIRE_NODE";
  private static volatile String missing;
  private static volatile boolean checked;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String problem = nodeProblem();
    if (problem == null) {
      return ConditionEvaluationResult.enabled("Node.js found");
    }
    if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
      throw new IllegalStateException(problem + ", and " + REQUIRE_VARIABLE + "=1 requires it");
    }
    return ConditionEvaluationResult.disabled(problem);
  }

  /** Why Node.js cannot be used, or null when it can; checked once, announced once. */
  private static synchronized String nodeProblem() {
    if (!checked) {
      checked = true;
      missing = probe();
      if (missing != null && !"1".equals(System.getenv(REQUIRE_VARIABLE))) {
        System.err.println("*** SKIPPING every infrastructure test: " + missing
            + "; the CDK synthesises the stack through Node.js. Install Node.js 20 or newer to run them. ***");
      }
    }
    return missing;
  }

  private static String probe() {
    // jsii, the CDK's Java-to-Node bridge, runs JSII_NODE when set, else `node` from PATH.
    String node = System.getenv().getOrDefault("JSII_NODE", "node");
    try {
      Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "Node.js (" + node + " --version) did not answer";
      }
      return process.exitValue() == 0 ? null : "Node.js (" + node + " --version) exited " + process.exitValue();
    } catch (IOException e) {
      return "Node.js was not found (cannot run " + node + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while looking for Node.js";
    }
  }
}
