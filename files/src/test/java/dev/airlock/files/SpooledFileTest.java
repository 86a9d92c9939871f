package dev.airlock.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledFileTest {
  private static final byte[] CONTENT = "an approved archive, read back".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  @Test
  void shouldKeepTheContentItsSizeAndSha256WhenStored() throws Exception {
    // Given / When
    try (SpooledFile spooled = SpooledFile.store(new ByteArrayInputStream(CONTENT), temp, "spool-test-", 1024);
        InputStream in = spooled.openStream();
        SeekableByteChannel channel = spooled.openChannel()) {
      // Then
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
      ByteBuffer tail = ByteBuffer.allocate(4);
      channel.position(CONTENT.length - 4).read(tail);
      assertThat(new String(tail.array(), StandardCharsets.UTF_8)).isEqualTo("back");
      assertThat(spooled.size()).isEqualTo(CONTENT.length);
      assertThat(HexFormat.of().formatHex(spooled.sha256()))
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)));
    }
  }

  @Test
  void shouldDeleteTheFileAndItsFolderWhenClosed() throws Exception {
    // Given
    SpooledFile spooled = SpooledFile.store(new ByteArrayInputStream(CONTENT), temp, "spool-test-", 1024);
    assertThat(listed()).hasSize(1);

    // When
    spooled.close();

    // Then
    assertThat(listed()).isEmpty();
  }

  @Test
  void shouldLeaveNothingBehindWhenTheContentIsLargerThanTheLimit() throws Exception {
    // Given
    // When / Then
    assertThatThrownBy(() -> SpooledFile.store(new ByteArrayInputStream(CONTENT), temp, "spool-test-", CONTENT.length - 1))
        .hasMessageContaining("larger than " + (CONTENT.length - 1) + " bytes");
    assertThat(listed()).isEmpty();
  }

  private java.util.List<Path> listed() throws Exception {
    try (Stream<Path> files = Files.list(temp)) {
      return files.toList();
    }
  }
}
