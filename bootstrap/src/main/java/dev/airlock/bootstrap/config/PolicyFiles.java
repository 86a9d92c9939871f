package dev.airlock.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads a policy file (YAML, or JSON, which YAML includes):
 *
 * <pre>
 * threshold: MEDIUM
 * waivers:
 *   - package: requests
 *     rule: AIRLOCK-AWS-ACCESS-KEY
 *     justification: test fixture key, revoked (SEC-1234)
 *     expires: 2027-03-31
 * </pre>
 */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private PolicyFiles() {}

  record WaiverDoc(@JsonProperty("package") String packageName, String rule, String justification,
      LocalDate expires) {}

  record PolicyDoc(String threshold, List<WaiverDoc> waivers) {}

  /**
   * The policy the file describes.
   *
   * @throws ConfigurationException naming the file and the field when it is not a valid policy
   */
  public static SeverityPolicy load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("policy file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException("policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * The policy {@code bytes} describe (a policy file read from elsewhere: a pull request's commit, say).
   *
   * @param file names the file in messages ({@code requests/airlock-policy.yaml at 1a2b3c4d5e6f})
   * @throws ConfigurationException naming {@code file} and the field when it is not a valid policy
   */
  public static SeverityPolicy parse(byte[] bytes, String file) {
    PolicyDoc doc;
    try {
      doc = YAML.readValue(bytes, PolicyDoc.class);
    } catch (JacksonException e) {
      throw new ConfigurationException("policy file " + file + " is not valid: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new ConfigurationException("policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (doc == null) {
      throw new ConfigurationException("policy file " + file + " is empty");
    }
    var policy = SeverityPolicy.builder();
    if (doc.threshold() != null) {
      try {
        policy.threshold(Severity.parse(doc.threshold()));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("policy file " + file + ": threshold: " + e.getMessage());
      }
    }
    List<WaiverDoc> waivers = doc.waivers() == null ? List.of() : doc.waivers();
    for (int i = 0; i < waivers.size(); i++) {
      WaiverDoc w = waivers.get(i);
      String where = "policy file " + file + ": waiver " + (i + 1);
      if (w == null || w.packageName() == null || w.rule() == null || w.justification() == null || w.expires() == null) {
        throw new ConfigurationException(where + " needs package, rule, justification and expires (YYYY-MM-DD)");
      }
      try {
        policy.addWaivers(Waiver.builder().packageName(w.packageName()).ruleId(w.rule())
            .justification(w.justification()).expires(w.expires()).build());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(where + ": " + e.getMessage());
      }
    }
    return policy.build();
  }
}
