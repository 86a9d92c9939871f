package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import java.util.Optional;

/** Remembers final decisions so a request's content is decided once. */
public interface DecisionLedger {

  /** The decision for this name, URL and content, if one was recorded. */
  Optional<Decision> find(DecisionKey key) throws PortException;

  /** Records a final decision; recording the same key again replaces it. */
  void record(Decision decision) throws PortException;
}
