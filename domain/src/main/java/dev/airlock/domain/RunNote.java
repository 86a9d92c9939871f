package dev.airlock.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one worker of a run did with one row of the request file, kept in the ledger so that the
 * run's verdict, reports and notifications can be assembled once every worker has finished. Workers
 * of one run share its id; the row is named by its line and its name and URL.
 *
 * @param runId the run the worker belongs to
 * @param line the row's line in the request file
 * @param request the row's name and URL
 * @param status what the worker did
 * @param sha256 the content it decided or found decided, when it got that far
 * @param errorReason why it could not be decided, for {@link Status#ERROR}
 * @param worker the worker that wrote it ({@code 2/4})
 * @param notedAt when
 */
public record RunNote(String runId, int line, RequestKey request, Status status, Optional<Sha256> sha256,
    Optional<String> errorReason, String worker, Instant notedAt) {

  /**
   * What a worker did with a row, ranked: a note never replaces one of higher rank, so a worker
   * started twice on the same rows (a retry overlapping the first attempt) cannot hide a decision
   * behind "in progress elsewhere", nor an error behind it.
   */
  public enum Status {
    /** Another run holds the claim on it. */
    IN_PROGRESS_ELSEWHERE,
    /** It could not be decided: fetch, scan, publish or record failed. */
    ERROR,
    /** It was decided earlier; nothing was done. */
    ALREADY_DECIDED,
    /** The worker decided it (approved or refused; the ledger's decision says which). */
    DECIDED
  }

  public RunNote {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(notedAt, "notedAt");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("a run note needs the run's id");
    }
    if (line < 1) {
      throw new IllegalArgumentException("a run note is about a line of the request file, from 1; was " + line);
    }
    if ((status == Status.DECIDED || status == Status.ALREADY_DECIDED) && sha256.isEmpty()) {
      throw new IllegalArgumentException("a " + status + " note names the content decided");
    }
    if (status == Status.ERROR && errorReason.isEmpty()) {
      throw new IllegalArgumentException("an ERROR note says why");
    }
  }

  /** True when this note may be written over {@code current}: none, or one of the same or lower rank. */
  public boolean mayReplace(Optional<RunNote> current) {
    return current.map(c -> c.status.ordinal() <= status.ordinal()).orElse(true);
  }
}
