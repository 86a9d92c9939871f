package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.application.result.CheckResult;

/** Tells a change's requesters and reviewers what its check advises. A failed notification changes no advice. */
public interface CheckNotifier {

  /** The notifier's id as configured ({@code github}). */
  String id();

  /** Tells the check's advice where the change is reviewed (a pull request). */
  void notify(CheckResult result) throws PortException;
}
