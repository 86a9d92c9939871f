package dev.airlock.adapter.aws.codeguru;

import dev.airlock.domain.Finding;
import java.util.List;
import java.util.Optional;

/** Maps a CodeGuru Security finding onto Airlock's, keeping rule, detector, text, location and references. */
final class FindingMapper {
  private FindingMapper() {}

  static Finding toDomain(software.amazon.awssdk.services.codegurusecurity.model.Finding f) {
    String ruleId = firstNonBlank(f.ruleId(), f.detectorId(), f.id(), "codeguru-finding");
    var builder = Finding.builder()
        .ruleId(ruleId)
        .title(firstNonBlank(f.title(), f.detectorName(), ruleId))
        .severity(CodeGuruSecurityScanner.severity(f.severityAsString()))
        .description(description(f))
        .recommendation(recommendation(f))
        .scanner(CodeGuruSecurityScanner.ID);
    Optional.ofNullable(f.vulnerability()).map(v -> v.filePath()).ifPresent(path -> {
      String file = firstNonBlank(path.path(), path.name(), null);
      if (file != null) {
        builder.path(file);
        if (path.startLine() != null && path.startLine() > 0) {
          builder.line(path.startLine());
        }
      }
    });
    return builder.build();
  }

  private static String description(software.amazon.awssdk.services.codegurusecurity.model.Finding f) {
    StringBuilder s = new StringBuilder(Optional.ofNullable(f.description()).orElse(""));
    if (f.detectorName() != null) {
      s.append(s.isEmpty() ? "" : " ").append("(detector: ").append(f.detectorName()).append(')');
    }
    List<String> references = f.vulnerability() == null ? List.of() : f.vulnerability().referenceUrls();
    if (!references.isEmpty()) {
      s.append(" References: ").append(String.join(", ", references));
    }
    return s.toString().strip();
  }

  private static String recommendation(software.amazon.awssdk.services.codegurusecurity.model.Finding f) {
    if (f.remediation() == null || f.remediation().recommendation() == null) {
      return "";
    }
    var r = f.remediation().recommendation();
    String text = Optional.ofNullable(r.text()).orElse("");
    return r.url() == null ? text : (text + " " + r.url()).strip();
  }

  private static String firstNonBlank(String a, String b, String c) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return c;
  }

  private static String firstNonBlank(String a, String b, String c, String d) {
    String first = firstNonBlank(a, b, c);
    return first == null ? d : first;
  }
}
