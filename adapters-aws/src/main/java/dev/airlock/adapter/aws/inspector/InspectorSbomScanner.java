package dev.airlock.adapter.aws.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.inspectorscan.InspectorScanClient;
import software.amazon.awssdk.services.inspectorscan.model.InternalServerException;
import software.amazon.awssdk.services.inspectorscan.model.OutputFormat;
import software.amazon.awssdk.services.inspectorscan.model.ScanSbomResponse;
import software.amazon.awssdk.services.inspectorscan.model.ThrottlingException;

/**
 * Scans an archive with Amazon Inspector: generates a CycloneDX 1.5 SBOM from the manifests inside
 * it, sends it to ScanSbom in batches of at most {@value #MAX_COMPONENTS} components (the API's
 * limit), and maps each reported vulnerability to a finding. Throttling (429) and server errors
 * (5xx) are retried here, honouring the {@code Retry-After} the service gives, so the SDK client is
 * built not to retry on its own. Error messages name the status and error code, never the body.
 */
public final class InspectorSbomScanner implements EntryScanner {
  /** The scanner's id. */
  public static final String ID = "inspector";
  /** Most components ScanSbom accepts in one SBOM. */
  public static final int MAX_COMPONENTS = 5_000;
  private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
  private static final int MAX_LISTED = 30;

  /** Waits between attempts; tests record the waits instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final InspectorScanClient client;
  private final CycloneDxSbomGenerator generator;
  private final RetrySettings retry;
  private final int maxComponents;
  private final Sleeper sleeper;
  private final Consumer<GeneratedSbom> sbomListener;

  public InspectorSbomScanner(InspectorScanClient client, CycloneDxSbomGenerator generator, RetrySettings retry) {
    this(client, generator, retry, sbom -> { });
  }

  /**
   * A scanner that also hands each SBOM it generates to {@code sbomListener} before sending it
   * ({@code scan --sbom-out} writes it, rather than generating it again).
   */
  public InspectorSbomScanner(InspectorScanClient client, CycloneDxSbomGenerator generator, RetrySettings retry,
      Consumer<GeneratedSbom> sbomListener) {
    this(client, generator, retry, MAX_COMPONENTS, d -> Thread.sleep(d.toMillis()), sbomListener);
  }

  InspectorSbomScanner(InspectorScanClient client, CycloneDxSbomGenerator generator, RetrySettings retry,
      int maxComponents, Sleeper sleeper) {
    this(client, generator, retry, maxComponents, sleeper, sbom -> { });
  }

  private InspectorSbomScanner(InspectorScanClient client, CycloneDxSbomGenerator generator, RetrySettings retry,
      int maxComponents, Sleeper sleeper, Consumer<GeneratedSbom> sbomListener) {
    if (maxComponents < 1 || maxComponents > MAX_COMPONENTS) {
      throw new IllegalArgumentException("batch size must be 1 to " + MAX_COMPONENTS);
    }
    this.client = client;
    this.generator = generator;
    this.retry = retry;
    this.maxComponents = maxComponents;
    this.sleeper = sleeper;
    this.sbomListener = sbomListener;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    return scan(generator.generate(request, artifact));
  }

  /** Gathers the manifests a pass over the archive hands it; the SBOM is built and sent at finish. */
  @Override
  public EntryScan start(PackageRequest request, FetchedArtifact artifact) {
    CycloneDxSbomGenerator.Collector collector = generator.collector(request, artifact);
    return new EntryScan() {
      private String limit;

      @Override
      public boolean wants(ArchiveEntry entry) {
        return entry.kind() == ArchiveEntry.Kind.FILE && collector.wants(entry.name());
      }

      @Override
      public void visit(ArchiveEntry entry, InputStream content) throws IOException {
        try {
          collector.visit(entry.name(), content);
        } catch (IOException e) {
          throw new IOException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
        }
      }

      @Override
      public void limitPassed(String reason) {
        limit = reason;
      }

      @Override
      public List<Finding> finish() throws PortException {
        if (limit != null) {
          // An SBOM of part of the archive would vouch for what nobody read.
          throw new PortException("archive " + artifact.fileName() + " passes an intake limit: " + limit);
        }
        return scan(collector.finish());
      }

      @Override
      public void close() {
        // holds nothing but memory
      }
    };
  }

  private List<Finding> scan(GeneratedSbom sbom) throws PortException {
    sbomListener.accept(sbom);
    List<Finding> findings = new ArrayList<>();
    if (sbom.componentCount() == 0) {
      findings.add(info("inspector-empty-sbom", "No dependencies found for Amazon Inspector to scan",
          "The archive's manifests declare no dependencies and the package's own version is unknown, so the SBOM "
              + "lists no components and Amazon Inspector was not asked. The scan counts as finished with nothing "
              + "found.", "None needed; other scanners still judge the package's own code."));
    } else {
      List<JsonNode> batches = sbom.batches(maxComponents);
      for (int i = 0; i < batches.size(); i++) {
        JsonNode report = send(batches.get(i), i + 1, batches.size());
        findings.addAll(VulnerabilityMapper.toFindings(report, sbom));
      }
    }
    if (!sbom.unpinned().isEmpty()) {
      findings.add(info("inspector-unpinned-dependencies",
          sbom.unpinned().size() + " dependencies have no pinned version",
          "No manifest or lock file pins these to one version, so Amazon Inspector cannot say which release "
              + "gets installed or whether it is vulnerable: " + list(sbom.unpinned().stream()
              .map(d -> d.name() + " (" + d.manifest() + ")").toList()) + ".",
          "Install with a lock file or constraints that pin exact versions, and scan those versions."));
    }
    if (!sbom.unreadable().isEmpty()) {
      findings.add(info("inspector-unreadable-manifests", sbom.unreadable().size() + " manifests could not be read",
          "Their dependencies are not in the SBOM: " + list(sbom.unreadable()) + ".",
          "Check whether these files are real manifests or test fixtures."));
    }
    return findings;
  }

  private JsonNode send(JsonNode batch, int number, int of) throws PortException {
    String which = of == 1 ? "" : " (batch " + number + " of " + of + ")";
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String failure;
      try {
        ScanSbomResponse response = client.scanSbom(b -> b
            .sbom(Documents.toDocument(batch))
            .outputFormat(OutputFormat.CYCLONE_DX_1_5));
        JsonNode report = Documents.toJson(response.sbom());
        // The report is the scanned SBOM itself; some renderings wrap it as {"status": ..., "sbom": {...}}.
        if (!report.has("vulnerabilities") && report.path("sbom").isObject()) {
          report = report.get("sbom");
        }
        if (!report.isObject()) {
          throw new PortException("Amazon Inspector ScanSbom" + which + " returned no report");
        }
        return report;
      } catch (AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
            : " " + e.awsErrorDetails().errorCode();
        failure = "HTTP " + status + code;
        if (!RETRIED.contains(status)) {
          throw new PortException("Amazon Inspector ScanSbom" + which + " was refused: " + failure
              + (status == 403 ? " (the role needs inspector-scan:ScanSbom)" : ""));
        }
        int tried = attempt;
        wait = retryAfter(e).orElseGet(() -> backoff(tried));
      } catch (SdkClientException e) {
        failure = "the service could not be reached (" + e.getClass().getSimpleName() + ")";
        wait = backoff(attempt);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new PortException("Amazon Inspector ScanSbom" + which + " failed after " + attempt + " attempts: "
            + failure);
      }
      try {
        sleeper.sleep(wait.compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PortException("interrupted while waiting to retry Amazon Inspector ScanSbom");
      }
    }
  }

  /**
   * The wait the service asks for, in seconds: Inspector's throttling and internal-error exceptions
   * carry their {@code Retry-After} header as a typed field; other errors (a 503 from a proxy) are
   * read from the header.
   */
  private static Optional<Duration> retryAfter(AwsServiceException e) {
    Integer seconds = e instanceof ThrottlingException t ? t.retryAfterSeconds()
        : e instanceof InternalServerException i ? i.retryAfterSeconds() : null;
    if (seconds != null) {
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    }
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
      } catch (NumberFormatException notSeconds) {
        return Optional.empty();
      }
    });
  }

  /** Exponential backoff with full jitter in its upper half. */
  private Duration backoff(int attempt) {
    long ceiling = Math.min(retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ceiling <= 1 ? ceiling : ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  private static Finding info(String ruleId, String title, String description, String recommendation) {
    return Finding.builder().ruleId(ruleId).title(title).severity(Severity.INFO).description(description)
        .recommendation(recommendation).scanner(ID).build();
  }

  private static String list(List<String> items) {
    String shown = items.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
    return items.size() > MAX_LISTED ? shown + " and " + (items.size() - MAX_LISTED) + " more" : shown;
  }
}
