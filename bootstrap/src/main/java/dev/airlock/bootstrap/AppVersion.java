package dev.airlock.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Airlock's version, as Maven wrote it into the jar. */
public final class AppVersion {
  private AppVersion() {}

  /** The version, or {@code unknown} when the jar carries none. */
  public static String current() {
    Properties properties = new Properties();
    try (InputStream in = AppVersion.class.getResourceAsStream("/dev/airlock/bootstrap/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }
}
