package dev.airlock.domain;

import java.util.Locale;

/** How bad a finding is, on one scale that every scanner's own scale maps onto. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** True when this severity is {@code other} or worse. */
  public boolean isAtLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /**
   * Reads a severity name in any letter case ({@code "High"}, {@code "critical"}).
   *
   * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
   */
  public static Severity parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("severity is empty; expected one of INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text.strip() + "'; expected one of INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }
  }
}
