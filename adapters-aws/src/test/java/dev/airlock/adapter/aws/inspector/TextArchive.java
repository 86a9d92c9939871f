package dev.airlock.adapter.aws.inspector;

import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import java.util.ArrayList;
import java.util.List;

/**
 * Text files to put in an archive, in order: the tar.gz the SBOM tests fetch, written by
 * {@link TestArchives} and read by the real {@link ArchiveReader}.
 */
final class TextArchive {
  private final List<TestArchives.Entry> files = new ArrayList<>();

  TextArchive with(String path, String content) {
    files.add(TestArchives.file(path, content));
    return this;
  }

  /** The archive as fetched under {@code fileName} (the reader judges the format by the bytes, not the name). */
  InMemoryFetchedArtifact artifact(String fileName) {
    return new InMemoryFetchedArtifact(fileName, TestArchives.tarGzBytes(files.toArray(TestArchives.Entry[]::new)));
  }

  /** The generator as bootstrap builds it, reading archives within the default limits. */
  static CycloneDxSbomGenerator generator() {
    return new CycloneDxSbomGenerator(new ArchiveReader(ArchiveLimits.defaults()));
  }
}
