package dev.airlock.application.service;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one list of listeners a use case tells once its result is final (its notifiers, then its
 * reporters), each with an explicit policy for its failure. Every listener is told, whatever the
 * ones before it did, and none can change a decision: the decisions are already recorded.
 *
 * @param <R> the use case's result
 */
final class EndOfRun<R> {
  private static final Logger LOG = LoggerFactory.getLogger(EndOfRun.class);

  /** What a listener's failure does to the run. */
  enum OnFailure {
    /**
     * A warning of the run, which stays green: a requester not told is told again by no one, but a
     * red pipeline would not tell them either (notifiers).
     */
    WARN,
    /**
     * Fails the run (exit 1) though its decisions stand: CodeBuild's report group would otherwise
     * show an old result, or none, as if nothing were wrong (reports).
     */
    FAIL_RUN
  }

  /** How one listener is told the result. */
  @FunctionalInterface
  interface Call<R> {
    void tell(R result) throws PortException;
  }

  /** How a result takes the warnings and the failures of its listeners. */
  record Amend<R>(BiFunction<R, List<String>, R> withWarnings, BiFunction<R, List<String>, R> withFailures) {}

  /** How a run's result takes them. */
  static final Amend<RunResult> RUN = new Amend<>(RunResult::withWarnings, RunResult::withFailures);

  /**
   * One listener.
   *
   * @param onFailure what its failure does to the run
   * @param call how it is told
   * @param describe the warning or failure its exception becomes
   */
  record Listener<R>(OnFailure onFailure, Call<R> call, Function<Exception, String> describe) {

    /** A notifier: its failure is a warning naming it. */
    static <R> Listener<R> notifier(String id, Call<R> call) {
      return new Listener<>(OnFailure.WARN, call, e -> {
        String reason = "notifier " + id + " failed: " + Failures.describe(e);
        LOG.warn(reason);
        return reason;
      });
    }

    /**
     * A reporter, told {@code part} of the result: its failure fails the run, in the port's own words
     * (they name each report not written).
     */
    static <R> Listener<R> reporter(RunReporter reporter, Function<R, RunResult> part) {
      return new Listener<>(OnFailure.FAIL_RUN,
          result -> reporter.report(part.apply(result)).forEach(file -> LOG.info("report written: {}", file)),
          e -> e instanceof PortException ? e.getMessage() : "cannot write the reports: " + Failures.describe(e));
    }
  }

  private final List<Listener<R>> listeners;
  private final Amend<R> amend;

  EndOfRun(List<Listener<R>> listeners, Amend<R> amend) {
    this.listeners = List.copyOf(listeners);
    this.amend = amend;
  }

  /**
   * Tells each listener in turn the result as it stands after the ones before it (a reporter sees a
   * notifier's warning); returns it with every listener's warning or failure.
   */
  R tell(R result) {
    R current = result;
    for (Listener<R> listener : listeners) {
      try {
        listener.call().tell(current);
      } catch (PortException | RuntimeException e) {
        List<String> said = List.of(listener.describe().apply(e));
        current = switch (listener.onFailure()) {
          case WARN -> amend.withWarnings().apply(current, said);
          case FAIL_RUN -> amend.withFailures().apply(current, said);
        };
      }
    }
    return current;
  }

  /** The notifiers, then the reporters, in order. */
  static <N, R> List<Listener<R>> listeners(List<N> notifiers, Function<N, String> id, Function<N, Call<R>> notify,
      List<RunReporter> reporters, Function<R, RunResult> part) {
    List<Listener<R>> all = new ArrayList<>();
    notifiers.forEach(n -> all.add(Listener.notifier(id.apply(n), notify.apply(n))));
    reporters.forEach(r -> all.add(Listener.reporter(r, part)));
    return all;
  }
}
