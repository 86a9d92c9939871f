package dev.airlock.configuration;

/** What a setting is about; {@code airlock run --help} lists the settings under these headings, in this order. */
public enum Topic {
  SOURCES("Sources: where requests come from and how archives are fetched"),
  SCANNERS("Scanners and policy"),
  REPOSITORIES("Repositories: where approved packages are published"),
  NOTIFICATIONS("Notifications: who tells requesters"),
  LEDGER("Ledger: what was decided, and claims on requests"),
  LIMITS("Limits on fetching, unpacking and concurrency"),
  OUTPUT("Output, reports and data"),
  LOGGING("Logging");

  private final String heading;

  Topic(String heading) {
    this.heading = heading;
  }

  /** The heading help prints above the topic's settings. */
  public String heading() {
    return heading;
  }
}
