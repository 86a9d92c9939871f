package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveNamesTest {

  @ParameterizedTest
  @CsvSource({
      "requests-2.31.0.tar.gz, .tar.gz, requests-2.31.0",
      "THING-3.1.TAR.GZ, .tar.gz, THING-3.1",
      "lodash-4.17.21.tgz, .tgz, lodash-4.17.21",
      "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl, .whl, numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64",
      "pkg.zip, .zip, pkg",
      "old.tar, .tar, old"})
  void shouldSplitTheExtensionOffWhenTheNameEndsWithOne(String fileName, String extension, String stem) {
    assertThat(ArchiveNames.extension(fileName)).contains(extension);
    assertThat(ArchiveNames.stem(fileName)).isEqualTo(stem);
  }

  @ParameterizedTest
  @CsvSource({"README.md", "archive.gz", "main"})
  void shouldFindNoExtensionWhenTheNameIsNotAnArchive(String fileName) {
    assertThat(ArchiveNames.extension(fileName)).isEmpty();
    assertThat(ArchiveNames.stem(fileName)).isEqualTo(fileName);
  }

  @ParameterizedTest
  @CsvSource({
      "/repo/lodash-4.17.21.tgz, npm install /repo/lodash-4.17.21.tgz",
      "./requests-2.31.0.tar.gz, pip install ./requests-2.31.0.tar.gz",
      "./numpy-2.1.0-py3-none-any.whl, pip install ./numpy-2.1.0-py3-none-any.whl"})
  void shouldInstallTarballsWithNpmAndTheRestWithPip(String file, String command) {
    assertThat(ArchiveNames.installCommand(file)).isEqualTo(command);
  }
}
