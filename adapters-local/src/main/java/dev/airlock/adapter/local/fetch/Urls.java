package dev.airlock.adapter.local.fetch;

import java.net.URI;

/** URL display without the parts that may hold secrets (user info, query, fragment). */
final class Urls {
  private Urls() {}

  static String redact(URI url) {
    if (url.getScheme() != null && url.getScheme().equalsIgnoreCase("file")) {
      return "file:" + (url.getPath() != null ? url.getPath() : url.getSchemeSpecificPart());
    }
    StringBuilder s = new StringBuilder();
    s.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() != -1) {
      s.append(':').append(url.getPort());
    }
    if (url.getRawPath() != null) {
      s.append(url.getRawPath());
    }
    if (url.getRawQuery() != null) {
      s.append("?…");
    }
    return s.toString();
  }
}
