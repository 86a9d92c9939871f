package dev.airlock.application.result;

/** The step a request is at while a run works on it, for progress displays. */
public enum RequestStage {
  /** Downloading the archive. */
  FETCHING,
  /** Running the scanners and the policy. */
  SCANNING,
  /** Publishing the approved archive and recording the decision. */
  PUBLISHING
}
