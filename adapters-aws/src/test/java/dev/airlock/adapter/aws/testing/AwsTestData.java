package dev.airlock.adapter.aws.testing;

import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Requests, findings and fixtures shared by the AWS adapter tests. */
public final class AwsTestData {
  private AwsTestData() {}

  /** {@code name} 1.0.0 from PyPI, asked for by {@code requester}. */
  public static PackageRequest request(String name, String requester) {
    return RequestOutcomes.request(name, requester);
  }

  /** {@code name} 1.0.0 from PyPI, asked for by alice. */
  public static PackageRequest request(String name) {
    return request(name, "alice");
  }

  /** A finding of {@code ruleId} at {@code severity} in {@code path} line 1. */
  public static Finding finding(String ruleId, Severity severity, String path) {
    return Finding.builder()
        .ruleId(ruleId)
        .title("title of " + ruleId)
        .severity(severity)
        .path(path)
        .line(1)
        .recommendation("recommendation for " + ruleId)
        .scanner("codeguru")
        .build();
  }

  /**
   * The text of the class-path resource {@code name}, relative to {@code owner}'s package
   * ({@code src/test/resources/<package path>/<name>}).
   */
  public static String fixture(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name + " next to " + owner.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
