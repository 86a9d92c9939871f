package dev.airlock.adapter.osv;

/** The package ecosystems Airlock asks OSV about, under the names OSV gives them. */
public enum Ecosystem {
  PYPI("PyPI"),
  NPM("npm");

  private final String osvName;

  Ecosystem(String osvName) {
    this.osvName = osvName;
  }

  /** The ecosystem's name in OSV queries and records ({@code PyPI}, {@code npm}). */
  public String osvName() {
    return osvName;
  }
}
