package dev.airlock.domain;

import org.immutables.value.Value;

/** A request-file row that could not be read, with its 1-based line number (0: the whole file). */
@Value.Immutable
public abstract class RowError {

  @Value.Parameter
  public abstract int line();

  /** What is wrong, naming the column; never the row's raw text. */
  @Value.Parameter
  public abstract String message();

  public static RowError of(int line, String message) {
    return ImmutableRowError.of(line, message);
  }

  @Override
  public String toString() {
    return line() == 0 ? message() : "line " + line() + ": " + message();
  }
}
