package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DecisionLedger} in memory that records every decision and can be told to fail recording. */
public final class InMemoryDecisionLedger implements DecisionLedger {
  private final Map<DecisionKey, Decision> decisions = new ConcurrentHashMap<>();
  private final List<Decision> recorded = new CopyOnWriteArrayList<>();
  private volatile PortException recordFailure;

  /** Makes every later record fail with {@code failure}; {@code null} makes it work again. */
  public InMemoryDecisionLedger failRecordWith(PortException failure) {
    this.recordFailure = failure;
    return this;
  }

  /** Pretends {@code decision} was recorded by an earlier run. */
  public InMemoryDecisionLedger preload(Decision decision) {
    decisions.put(decision.key(), decision);
    return this;
  }

  @Override
  public Optional<Decision> find(DecisionKey key) {
    return Optional.ofNullable(decisions.get(key));
  }

  @Override
  public void record(Decision decision) throws PortException {
    if (recordFailure != null) {
      throw recordFailure;
    }
    recorded.add(decision);
    decisions.put(decision.key(), decision);
  }

  /** Every decision recorded through {@link #record}, in order (preloaded ones excluded). */
  public List<Decision> recorded() {
    return List.copyOf(recorded);
  }
}
