package dev.airlock.domain;

import java.net.URI;

/**
 * URLs as people may see them in messages, logs and reports: without user info, query or fragment,
 * which may carry tokens ({@code https://files.example.org/x.tar.gz?…}).
 */
public final class DisplayUrls {
  private DisplayUrls() {}

  /** {@code url} without user info, query or fragment; {@code ?…} marks where a query was. */
  public static String of(URI url) {
    if (url.isOpaque() || url.getHost() == null) {
      String text = url.getScheme() + ":" + (url.getPath() != null ? url.getPath() : url.getSchemeSpecificPart());
      int query = text.indexOf('?');
      return query < 0 ? text : text.substring(0, query) + "?…";
    }
    StringBuilder s = new StringBuilder(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() != -1) {
      s.append(':').append(url.getPort());
    }
    s.append(url.getRawPath() == null ? "" : url.getRawPath());
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      s.append("?…");
    }
    return s.toString();
  }
}
