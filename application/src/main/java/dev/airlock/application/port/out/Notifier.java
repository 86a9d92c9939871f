package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.application.result.RunResult;

/** Tells requesters what was decided. A failed notification never changes a decision. */
public interface Notifier {

  /** The notifier's id as configured ({@code console}). */
  String id();

  /** Tells each requester about the requests decided in this run. */
  void notify(RunResult result) throws PortException;
}
