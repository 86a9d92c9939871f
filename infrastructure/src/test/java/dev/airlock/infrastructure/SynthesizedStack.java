package dev.airlock.infrastructure;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * One synthesis of the Airlock stack with cdk-nag's AWS Solutions checks applied, shared by the
 * tests of a class: synthesis drives a Node.js process and takes seconds, so each class does it once.
 * The Airlock jar is a small placeholder file, so the tests never need the bootstrap module built.
 *
 * @param template the synthesised template, for CDK's assertions
 * @param json the same template, for walking it
 * @param annotations what synthesis reported, cdk-nag's findings included
 * @param outdir the cloud assembly folder, which holds cdk-nag's report
 * @param jar the placeholder jar the stack shipped
 */
record SynthesizedStack(Template template, TemplateJson json, Annotations annotations, Path outdir, Path jar) {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  static final String GITHUB_REPOSITORY = "example-org/package-requests";

  /** Synthesises for a fixed account and region, with the given context on top of the required values. */
  static SynthesizedStack synthesize(Map<String, Object> context) {
    return synthesize(context, Environment.builder().account(ACCOUNT).region(REGION).build());
  }

  /** Synthesises with the given context on top of the required values; a null environment is environment-agnostic. */
  static SynthesizedStack synthesize(Map<String, Object> context, Environment environment) {
    Path workDir = tempDir();
    Path jar = placeholder(workDir, "airlock.jar", "placeholder for bootstrap/target/airlock.jar");
    Map<String, Object> values = new HashMap<>();
    values.put(AirlockSettings.Keys.GITHUB_REPOSITORY, GITHUB_REPOSITORY);
    values.put(AirlockSettings.Keys.AIRLOCK_JAR, jar.toString());
    values.putAll(context);
    Path outdir = workDir.resolve("cdk.out");
    App app = new App(AppProps.builder().context(values).outdir(outdir.toString()).build());
    AirlockStack stack = AirlockApp.build(app, environment);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    Template template = Template.fromStack(stack);
    return new SynthesizedStack(template, new TemplateJson(template.toJSON()), Annotations.fromStack(stack), outdir,
        jar);
  }

  /** cdk-nag's unsuppressed AWS Solutions errors, as "construct path: message". */
  List<String> nagErrors() {
    return describe(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
  }

  /** cdk-nag's unsuppressed AWS Solutions warnings, as "construct path: message". */
  List<String> nagWarnings() {
    return describe(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
  }

  // Annotations.find* still return the deprecated cx-api SynthesisMessage; there is no other type to read.
  @SuppressWarnings("deprecation")
  private static List<String> describe(List<SynthesisMessage> messages) {
    return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
  }

  /** A cdk-nag suppression found in the template metadata. */
  record Suppression(String resourceId, String ruleId, String reason, List<Object> appliesTo) {
  }

  /** Every cdk-nag suppression the stack declares, read back from the synthesised template. */
  @SuppressWarnings("unchecked")
  List<Suppression> suppressions() {
    List<Suppression> found = new ArrayList<>();
    ((Map<String, Object>) template.toJSON().get("Resources")).forEach((id, resource) -> {
      Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) resource).get("Metadata");
      Object nag = metadata == null ? null : metadata.get("cdk_nag");
      if (nag != null) {
        for (Object rule : (List<Object>) ((Map<String, Object>) nag).get("rules_to_suppress")) {
          Map<String, Object> r = (Map<String, Object>) rule;
          found.add(new Suppression(id, String.valueOf(r.get("id")), String.valueOf(r.get("reason")),
              (List<Object>) r.getOrDefault("applies_to", List.of())));
        }
      }
    });
    return found;
  }

  /** The rows of cdk-nag's CSV report (rule, resource path, compliance, exception reason, level, info). */
  List<List<String>> nagReport() {
    Path report = outdir.resolve("AwsSolutions-Airlock-NagReport.csv");
    try {
      return Files.readAllLines(report).stream().skip(1).map(SynthesizedStack::csvFields).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** Removes the synthesis folder. */
  void delete() {
    try (Stream<Path> paths = Files.walk(outdir.getParent())) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("airlock-synth");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path placeholder(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
