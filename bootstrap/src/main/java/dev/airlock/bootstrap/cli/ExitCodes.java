package dev.airlock.bootstrap.cli;

/** The exit codes of the command-line contract (docs/configuration.md, The command line). */
public final class ExitCodes {
  /** run: all decided; scan: would approve. */
  public static final int OK = 0;
  /** Some request ended in ERROR, or the scan could not finish. */
  public static final int ERROR = 1;
  /** Usage or configuration error. */
  public static final int USAGE = 2;
  /** scan: the policy would refuse the archive. */
  public static final int REFUSED = 3;

  private ExitCodes() {}
}
