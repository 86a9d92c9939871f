package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.aws.inspector.CycloneDxSbomGenerator;
import dev.airlock.adapter.aws.inspector.GeneratedSbom;
import dev.airlock.adapter.aws.inspector.InspectorSbomScanner;
import dev.airlock.adapter.aws.inspector.RetrySettings;
import dev.airlock.adapter.intake.fetch.LocalFileArtifact;
import dev.airlock.adapter.scan.builtin.BuiltinSecurityScanner;
import dev.airlock.adapter.scan.pass.SharedArchivePass;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.in.ScanArchiveCommand;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.application.service.ScanArchiveService;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import dev.airlock.scanner.BuiltinScanner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.inspectorscan.InspectorScanClient;

/**
 * {@code builtin,inspector} on a large archive: the scan use case with the real built-in scanner, the
 * real Inspector scanner (its SDK client against WireMock) and the real shared pass reads the archive
 * once, through a wrapper that counts every open and every byte, and builds the SBOM once. The big
 * file is {@code airlock.onepass.megabytes} MiB (32 by default; {@code benchmark/onepass} runs 200, each
 * scan {@code airlock.onepass.rounds} times). Timings are printed, never asserted.
 */
@WireMockTest
class OnePassScanTest {
  private static final int MEGABYTES = Integer.getInteger("airlock.onepass.megabytes", 32);
  /** Scans per test; the benchmark asks for more and reports the fastest (the first pays for JIT warm-up). */
  private static final int ROUNDS = Integer.getInteger("airlock.onepass.rounds", 1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T18:00:00Z"), ZoneOffset.UTC);
  private static final String EMPTY_REPORT = """
      {"sbom": {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [], "vulnerabilities": []}}""";
  private static final PackageRequest REQUEST = PackageRequest.builder().name("bigdata")
      .url(URI.create("https://files.pythonhosted.org/packages/bigdata-1.0.tar.gz")).build();

  @TempDir
  Path work;

  private Path archive;
  private final List<GeneratedSbom> sboms = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    archive = largeProject(work.resolve("bigdata-1.0.tar.gz"), MEGABYTES * 1024L * 1024L);
  }

  @Test
  void shouldReadTheArchiveOnceAndBuildTheSbomOnceWhenBuiltinAndInspectorScanALargeArchive(WireMockRuntimeInfo wm)
      throws Exception {
    // Given
    wm.getWireMock().register(post(urlPathEqualTo("/scan/sbom")).willReturn(okJson(EMPTY_REPORT)));
    ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

    // When
    long tookMillis = Long.MAX_VALUE;
    Scanned scanned = null;
    for (int round = 0; round < ROUNDS; round++) {
      sboms.clear();
      wm.getWireMock().resetRequests();
      long started = System.nanoTime();
      scanned = scan(wm, reader, Optional.of(new SharedArchivePass(reader)));
      tookMillis = Math.min(tookMillis, (System.nanoTime() - started) / 1_000_000);
    }

    // Then
    assertThat(scanned.result().verdict().outcome()).as(scanned.result().verdict().toString())
        .isEqualTo(ScanVerdict.Outcome.APPROVED);
    assertThat(scanned.result().scanners()).containsExactly("builtin", "inspector");
    assertThat(scanned.opens()).isEqualTo(1);
    assertThat(scanned.bytesRead()).isEqualTo(Files.size(archive));
    assertThat(sboms).hasSize(1);
    List<LoggedRequest> sent = wm.getWireMock().find(postRequestedFor(urlPathEqualTo("/scan/sbom")));
    assertThat(sent).hasSize(1);
    JsonNode components = JSON.readTree(sent.get(0).getBodyAsString()).path("sbom").path("components");
    assertThat(components).isEqualTo(JSON.readTree(sboms.get(0).toJson()).path("components"));
    List<String> purls = new ArrayList<>();
    components.forEach(c -> purls.add(c.path("purl").asText()));
    assertThat(purls).contains("pkg:pypi/requests@2.31.0", "pkg:pypi/bigdata@1.0");
    System.err.printf("one pass: %d MiB of content, %d bytes compressed, opened %d time(s), %d bytes read, "
        + "fastest of %d: %d ms%n", MEGABYTES, Files.size(archive), scanned.opens(), scanned.bytesRead(), ROUNDS,
        tookMillis);
  }

  @Test
  void shouldReadTheArchiveOncePerScannerWhenNoSharedPassIsWired(WireMockRuntimeInfo wm) throws Exception {
    // Given: what each scanner did before the shared pass, for comparison
    wm.getWireMock().register(post(urlPathEqualTo("/scan/sbom")).willReturn(okJson(EMPTY_REPORT)));
    ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

    // When
    long tookMillis = Long.MAX_VALUE;
    Scanned scanned = null;
    for (int round = 0; round < ROUNDS; round++) {
      long started = System.nanoTime();
      scanned = scan(wm, reader, Optional.empty());
      tookMillis = Math.min(tookMillis, (System.nanoTime() - started) / 1_000_000);
    }

    // Then
    assertThat(scanned.result().verdict().outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
    assertThat(scanned.opens()).isEqualTo(2);
    assertThat(scanned.bytesRead()).isEqualTo(2 * Files.size(archive));
    System.err.printf("a pass per scanner: %d MiB of content, opened %d time(s), %d bytes read, fastest of %d: "
        + "%d ms%n", MEGABYTES, scanned.opens(), scanned.bytesRead(), ROUNDS, tookMillis);
  }

  /** The use case's result and what the scan cost the archive. */
  private record Scanned(ScanArchiveResult result, int opens, long bytesRead) {}

  private Scanned scan(WireMockRuntimeInfo wm, ArchiveReader reader, Optional<ArchiveEntries> pass)
      throws IOException {
    InspectorScanClient client = InspectorScanClient.builder()
        .endpointOverride(URI.create(wm.getHttpBaseUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    try (client; CountingArtifact artifact = new CountingArtifact(LocalFileArtifact.of(archive))) {
      ScanArchiveService service = new ScanArchiveService(List.of(
          new BuiltinSecurityScanner(new BuiltinScanner(reader)),
          new InspectorSbomScanner(client, new CycloneDxSbomGenerator(reader), RetrySettings.defaults(), sboms::add)),
          pass, SeverityPolicy.defaultPolicy(), CLOCK);
      ScanArchiveResult result = service.scan(new ScanArchiveCommand(REQUEST, artifact));
      return new Scanned(result, artifact.opens.get(), artifact.bytesRead.get());
    }
  }

  /**
   * A small Python project with a pinned requirements file and one big data file, written as it
   * is generated (never in memory): each 64 KiB block is 1 KiB of seeded random bytes then zeros, so
   * the archive is about 1/60 of its content, under the reader's expansion limit.
   */
  private static Path largeProject(Path target, long bigBytes) throws IOException {
    Map<String, String> files = Map.of(
        "bigdata-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: bigdata\nVersion: 1.0\n",
        "bigdata-1.0/requirements.txt", "requests==2.31.0\n",
        "bigdata-1.0/bigdata/__init__.py", "def load(path):\n    return open(path, 'rb').read()\n");
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (String name : files.keySet().stream().sorted().toList()) {
        byte[] bytes = files.get(name).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
      TarArchiveEntry big = new TarArchiveEntry("bigdata-1.0/bigdata/data/blob.bin");
      big.setSize(bigBytes);
      tar.putArchiveEntry(big);
      Random random = new Random(21);
      byte[] block = new byte[64 * 1024];
      byte[] noise = new byte[1024];
      for (long written = 0; written < bigBytes; written += block.length) {
        Arrays.fill(block, (byte) 0);
        random.nextBytes(noise);
        System.arraycopy(noise, 0, block, 0, noise.length);
        tar.write(block, 0, (int) Math.min(block.length, bigBytes - written));
      }
      tar.closeArchiveEntry();
      tar.finish();
    }
    return target;
  }

  /** A fetched archive whose every open and every byte read (through streams or channels) is counted. */
  private static final class CountingArtifact implements FetchedArtifact {
    private final FetchedArtifact inner;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicLong bytesRead = new AtomicLong();

    CountingArtifact(FetchedArtifact inner) {
      this.inner = inner;
    }

    @Override
    public String fileName() {
      return inner.fileName();
    }

    @Override
    public Sha256 sha256() {
      return inner.sha256();
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public InputStream openStream() throws IOException {
      return Channels.newInputStream(openChannel());
    }

    @Override
    public SeekableByteChannel openChannel() throws IOException {
      opens.incrementAndGet();
      SeekableByteChannel real = inner.openChannel();
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int n = real.read(dst);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          return real.write(src);
        }

        @Override
        public long position() throws IOException {
          return real.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
          real.position(newPosition);
          return this;
        }

        @Override
        public long size() throws IOException {
          return real.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
          real.truncate(size);
          return this;
        }

        @Override
        public boolean isOpen() {
          return real.isOpen();
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
