package dev.airlock.adapter.intake.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.PackageRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher's byte counts, which the console shows as {@code fetching n MB}. */
class HttpArtifactFetcherProgressTest {
  @TempDir
  Path base;

  @Test
  void shouldReportGrowingByteCountsEndingAtTheSizeWhenFetching() throws Exception {
    // Given: an archive of a few hundred KiB that compresses badly, so it is read in several chunks
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);
    byte[] archive = TestArchives.tarGzBytes(TestArchives.file("x/data.bin", noise));
    Files.write(base.resolve("x.tar.gz"), archive);
    HttpArtifactFetcher fetcher = new HttpArtifactFetcher(
        FetchSettings.defaults().withAllowedHosts(Set.of("localhost")).withFileBase(base));
    List<Long> counts = new ArrayList<>();

    // When
    try (FetchedArtifact fetched = fetcher.fetch(
        PackageRequest.builder().name("x").url(URI.create("file:x.tar.gz")).build(), counts::add)) {

      // Then
      assertThat(counts).hasSizeGreaterThan(1).isSorted();
      assertThat(counts.get(counts.size() - 1)).isEqualTo(fetched.size()).isEqualTo(archive.length);
    }
  }
}
