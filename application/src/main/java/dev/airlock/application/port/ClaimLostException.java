package dev.airlock.application.port;


/**
 * The final decision could not be recorded because this run no longer holds the claim: its lease ran
 * out and another run took it over, or another run already recorded a decision.
 */
public final class ClaimLostException extends PortException {
  private static final long serialVersionUID = 1L;

  private final String holderRunId;

  public ClaimLostException(String message, String holderRunId) {
    super(message);
    this.holderRunId = holderRunId;
  }

  /** The run that holds or decided the key now ({@code unknown} when the ledger cannot tell). */
  public String holderRunId() {
    return holderRunId;
  }
}
