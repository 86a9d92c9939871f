package dev.airlock.adapter.aws.codeguru;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codegurusecurity.CodeGuruSecurityClient;
import software.amazon.awssdk.services.codegurusecurity.model.AnalysisType;
import software.amazon.awssdk.services.codegurusecurity.model.CreateScanResponse;
import software.amazon.awssdk.services.codegurusecurity.model.CreateUploadUrlResponse;
import software.amazon.awssdk.services.codegurusecurity.model.GetScanResponse;
import software.amazon.awssdk.services.codegurusecurity.model.ScanState;
import software.amazon.awssdk.services.codegurusecurity.model.ScanType;
import software.amazon.awssdk.services.codegurusecurity.model.Status;

/**
 * Scans an archive with Amazon CodeGuru Security: upload to the pre-signed URL (streamed from the
 * file), create a standard scan, poll with backoff and jitter up to the scan timeout, then read every
 * page of open findings. CodeGuru Security was discontinued by AWS on 2025-11-20; this adapter is
 * kept for accounts and partitions that still have it.
 */
public final class CodeGuruSecurityScanner implements SecurityScanner {
  /** The scanner's id. */
  public static final String ID = "codeguru";
  private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect",
      "upgrade");

  /** Uploads are retried on 429, 5xx and I/O errors, as the SDK retries its own calls. */
  static final int UPLOAD_ATTEMPTS = 3;
  private static final Duration UPLOAD_BACKOFF = Duration.ofMillis(200);

  private final CodeGuruSecurityClient client;
  private final HttpClient uploader;
  private final AnalysisType analysisType;
  private final PollSettings poll;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Waits for the time to pass between polls. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public CodeGuruSecurityScanner(CodeGuruSecurityClient client, HttpClient uploader, AnalysisType analysisType,
      PollSettings poll) {
    this(client, uploader, analysisType, poll, Clock.systemUTC(), Thread::sleep);
  }

  /** A scanner that reads the time from {@code clock} and waits through {@code sleeper}: tests pass their own. */
  CodeGuruSecurityScanner(CodeGuruSecurityClient client, HttpClient uploader, AnalysisType analysisType,
      PollSettings poll, Clock clock, Sleeper sleeper) {
    this.client = client;
    this.uploader = uploader;
    this.analysisType = analysisType;
    this.poll = poll;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    String scanName = ScanNames.of(request, artifact.sha256());
    try {
      CreateUploadUrlResponse upload = client.createUploadUrl(b -> b.scanName(scanName));
      put(upload, artifact);
      CreateScanResponse created = client.createScan(b -> b
          .scanName(scanName)
          .clientToken(ScanNames.clientToken(scanName))
          .scanType(ScanType.STANDARD)
          .analysisType(analysisType)
          .resourceId(r -> r.codeArtifactId(upload.codeArtifactId())));
      awaitCompletion(scanName, created.runId());
      List<Finding> findings = new ArrayList<>();
      client.getFindingsPaginator(b -> b.scanName(scanName).status(Status.OPEN)).findings()
          .forEach(f -> findings.add(FindingMapper.toDomain(f)));
      return findings;
    } catch (SdkException e) {
      throw new PortException("CodeGuru Security scan " + scanName + " failed: " + e.getMessage(), e);
    }
  }

  private void put(CreateUploadUrlResponse upload, FetchedArtifact artifact) throws PortException {
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.s3Url()))
        .timeout(Duration.ofMinutes(10))
        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(artifact)),
            artifact.size()));
    for (Map.Entry<String, String> header : upload.requestHeaders().entrySet()) {
      if (!RESTRICTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        put.header(header.getKey(), header.getValue());
      }
    }
    HttpRequest request = put.build();
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        // The body publisher opens the archive again for every attempt: nothing is held in memory.
        HttpResponse<String> response = uploader.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return;
        }
        if (status != 429 && status / 100 != 5) {
          throw new PortException("CodeGuru Security upload was refused with HTTP " + status);
        }
        failure = "HTTP " + status;
      } catch (IOException | UncheckedIOException e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PortException("interrupted while uploading to CodeGuru Security");
      }
      if (attempt >= UPLOAD_ATTEMPTS) {
        throw new PortException("CodeGuru Security upload failed after " + attempt + " attempts: " + failure);
      }
      sleep(UPLOAD_BACKOFF.toMillis() << (attempt - 1));
    }
  }

  private static InputStream open(FetchedArtifact artifact) {
    try {
      return artifact.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitCompletion(String scanName, String runId) throws PortException {
    Instant deadline = clock.instant().plus(poll.timeout());
    Duration delay = poll.initialDelay();
    while (true) {
      GetScanResponse scan = client.getScan(b -> b.scanName(scanName).runId(runId));
      if (scan.scanState() == ScanState.SUCCESSFUL) {
        return;
      }
      if (scan.scanState() == ScanState.FAILED) {
        throw new PortException("CodeGuru Security scan " + scanName + " failed"
            + (scan.errorMessage() == null ? "" : ": " + scan.errorMessage()));
      }
      if (scan.scanState() != ScanState.IN_PROGRESS) {
        throw new PortException("CodeGuru Security scan " + scanName + " is in an unknown state "
            + scan.scanStateAsString());
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new PortException("CodeGuru Security scan " + scanName + " did not finish within " + poll.timeout());
      }
      long jittered = ThreadLocalRandom.current().nextLong(delay.toMillis() / 2, delay.toMillis() + 1);
      sleep(Math.min(jittered, left.toMillis()));
      delay = delay.multipliedBy(2).compareTo(poll.maxDelay()) > 0 ? poll.maxDelay() : delay.multipliedBy(2);
    }
  }

  private void sleep(long millis) throws PortException {
    try {
      sleeper.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortException("interrupted while waiting for CodeGuru Security");
    }
  }

  /** CodeGuru's scale onto Airlock's; anything unknown counts as MEDIUM, never as nothing. */
  static Severity severity(String codeGuruSeverity) {
    if (codeGuruSeverity == null) {
      return Severity.MEDIUM;
    }
    return switch (codeGuruSeverity.toLowerCase(Locale.ROOT)) {
      case "critical" -> Severity.CRITICAL;
      case "high" -> Severity.HIGH;
      case "medium" -> Severity.MEDIUM;
      case "low" -> Severity.LOW;
      case "info" -> Severity.INFO;
      default -> Severity.MEDIUM;
    };
  }
}
