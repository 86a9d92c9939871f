package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --log-level trace} lets through while an archive is downloaded over HTTP. */
@WireMockTest
class DebugLoggingTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final String SIGNATURE = "X-Amz-Signature=s3cr3tSignatureNeverLogged";
  private static final String ARCHIVE = "tidy-stats-1.0.0.tar.gz";

  @TempDir
  Path work;

  @Test
  void shouldNeitherLogTheUrlQueryNorDumpTheDownloadWhenTraceLoggingIsOn(WireMockRuntimeInfo wm) throws IOException {
    // Given: a signed download URL, served on loopback
    wm.getWireMock().register(get(urlPathEqualTo("/packages/" + ARCHIVE)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/gzip")
        .withBody(Files.readAllBytes(Path.of("..", "examples", "packages", ARCHIVE)))));
    Path requests = Files.writeString(work.resolve("requests.csv"),
        "tidy-stats," + wm.getHttpBaseUrl() + "/packages/" + ARCHIVE + "?" + SIGNATURE + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    // When
    int code = Main.run(new String[] {"run", requests.toString(), "--data-dir", work.resolve("data").toString(),
        "--allow-host", "localhost:" + wm.getHttpPort(), "--log-level", "trace"}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);

    // Then
    String logs = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(logs).isZero();
    assertThat(logs).as("debug lines were let through").contains(" DEBUG ");
    assertThat(logs).doesNotContain("s3cr3tSignature").doesNotContain("http-outgoing");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3tSignature");
  }
}
