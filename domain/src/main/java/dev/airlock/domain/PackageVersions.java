package dev.airlock.domain;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version an approved package is published as. When the archive's file name carries a version
 * ({@code requests-2.31.0.tar.gz}, {@code numpy-2.1.0-cp312-...whl}, {@code v1.4.2.tar.gz},
 * {@code lodash-4.17.21.tgz}) that version is used; otherwise the date of the decision and the
 * first 12 hex digits of the content's SHA-256 ({@code 20261122-3f2a9c1d04be}).
 */
public final class PackageVersions {
  private static final Pattern VERSION_AT_END = Pattern.compile(
      "(?:^|[-_])v?(\\d+(?:\\.\\d+)*(?:[-.]?(?:a|b|rc|alpha|beta|post|dev)\\.?\\d*)*)$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WHEEL = Pattern.compile("^[^-]+-([^-]+)-.+$");
  private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

  private PackageVersions() {}

  /** The version for content {@code sha256} fetched from {@code url}, decided on {@code today}. */
  public static String derive(URI url, Sha256 sha256, LocalDate today) {
    return fromUrl(url).orElseGet(() -> DAY.format(today) + "-" + sha256.shortHex(12));
  }

  /** The version the URL's file name carries, if any. */
  public static Optional<String> fromUrl(URI url) {
    String path = Optional.ofNullable(url.getPath()).orElse(url.getSchemeSpecificPart());
    if (path == null || path.isEmpty()) {
      return Optional.empty();
    }
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    Optional<String> extension = ArchiveNames.extension(fileName);
    if (extension.isEmpty()) {
      return Optional.empty();
    }
    boolean wheel = extension.get().equals(".whl");
    String stem = ArchiveNames.stem(fileName);
    String candidate = null;
    if (wheel) {
      Matcher m = WHEEL.matcher(stem);
      if (m.matches()) {
        candidate = m.group(1);
      }
    } else {
      Matcher m = VERSION_AT_END.matcher(stem);
      if (m.find()) {
        candidate = m.group(1);
      }
    }
    return Optional.ofNullable(candidate).filter(v -> SAFE_VERSION.matcher(v).matches());
  }
}
