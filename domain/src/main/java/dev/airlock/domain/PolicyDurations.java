package dev.airlock.domain;

import java.time.Duration;

/** Durations as a policy states them: {@code 7 days}, {@code 36 hours}. */
public final class PolicyDurations {
  private PolicyDurations() {}

  /** {@code 7 days} for P7D, {@code 36 hours} for PT36H, else the ISO-8601 form. */
  public static String describe(Duration duration) {
    if (!duration.isZero() && duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0
        && duration.toSecondsPart() == 0) {
      return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
    }
    if (duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0) {
      return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
    }
    return duration.toString();
  }
}
