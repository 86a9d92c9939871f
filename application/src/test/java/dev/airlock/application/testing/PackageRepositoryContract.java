package dev.airlock.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PackageRepository} promises, written once: an approved archive is published and
 * found again by its content; the same content is never published twice; a version is never
 * overwritten with other content; nothing but an approval is published; a publication reads back as
 * the same bytes; a withdrawal happens once and takes the publication out of reach. Each repository's
 * test extends this class and says how to make an empty repository.
 */
public abstract class PackageRepositoryContract {
  protected static final String NAME = "tidy-stats";
  protected static final String FILE = "tidy-stats-1.0.0.tar.gz";
  protected static final Distribution DISTRIBUTION = Distribution.generic(NAME, "1.0.0", FILE);
  protected static final Distribution NEXT_VERSION = Distribution.generic(NAME, "1.1.0", "tidy-stats-1.1.0.tar.gz");
  protected static final byte[] CONTENT = "a harmless tidy-stats archive".getBytes(StandardCharsets.UTF_8);
  protected static final byte[] OTHER_CONTENT = "tidy-stats with something else inside".getBytes(StandardCharsets.UTF_8);

  /** The repository under test; a new, empty one for every test. */
  protected PackageRepository repository;

  /** A new repository that holds nothing yet. */
  protected abstract PackageRepository newRepository() throws Exception;

  @BeforeEach
  void createRepository() throws Exception {
    repository = newRepository();
  }

  @Nested
  @DisplayName("contract: publish and find")
  class PublishAndFind {

    @Test
    void shouldFindNothingWhenNothingWasPublished() throws Exception {
      // When
      Optional<Publication> found = repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT));

      // Then
      assertThat(found).isEmpty();
    }

    @Test
    void shouldFindThePublicationByItsContentWhenAnApprovedArchiveIsPublished() throws Exception {
      // When
      Publication published = publish(DISTRIBUTION, CONTENT);

      // Then
      assertThat(published.repository()).isEqualTo(repository.id());
      assertThat(published.packageName()).isEqualTo(NAME);
      assertThat(published.version()).isEqualTo("1.0.0");
      assertThat(published.sha256()).isEqualTo(sha256Of(CONTENT));
      assertThat(published.installInstructions()).isNotBlank();
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).contains(published);
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(OTHER_CONTENT))).isEmpty();
    }

    @Test
    void shouldReturnTheSamePublicationWhenTheSameContentIsPublishedAgain() throws Exception {
      // Given
      Publication first = publish(DISTRIBUTION, CONTENT);

      // When
      Publication again = publish(DISTRIBUTION, CONTENT);

      // Then
      assertThat(again).isEqualTo(first);
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).contains(first);
    }

    @Test
    void shouldKeepEachVersionFindableByItsOwnContentWhenTwoVersionsArePublished() throws Exception {
      // When
      Publication first = publish(DISTRIBUTION, CONTENT);
      Publication next = publish(NEXT_VERSION, OTHER_CONTENT);

      // Then
      assertThat(next.version()).isEqualTo("1.1.0");
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).contains(first);
      assertThat(repository.findBySha256(NEXT_VERSION, sha256Of(OTHER_CONTENT))).contains(next);
    }

    @Test
    void shouldRefuseAndKeepThePublishedContentWhenOtherContentIsPublishedUnderTheSameVersion() throws Exception {
      // Given
      Publication first = publish(DISTRIBUTION, CONTENT);

      // When / Then
      assertThatThrownBy(() -> publish(DISTRIBUTION, OTHER_CONTENT))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("1.0.0");
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).contains(first);
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(OTHER_CONTENT))).isEmpty();
      assertThat(readBack(first)).isEqualTo(CONTENT);
    }

    @Test
    void shouldPublishNothingWhenTheVerdictIsNotAnApproval() throws Exception {
      // Given
      ScanVerdict refused = SeverityPolicy.defaultPolicy().evaluate(NAME,
          List.of(TestData.finding("AIRLOCK-TEST", Severity.HIGH)), TestData.TODAY);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(FILE, CONTENT);

      // When / Then
      assertThat(refused.isApproved()).isFalse();
      assertThatThrownBy(() -> repository.publish(request(), DISTRIBUTION, artifact, refused))
          .isInstanceOf(PortException.class)
          .hasMessageContaining(refused.outcome().toString());
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).isEmpty();
    }
  }

  @Nested
  @DisplayName("contract: read back and withdraw")
  class ReadBackAndWithdraw {

    @Test
    void shouldReadBackTheSameBytesWhenAPublicationIsFetched() throws Exception {
      // Given
      Publication published = publish(DISTRIBUTION, CONTENT);

      // When
      byte[] back = readBack(published);

      // Then
      assertThat(back).isEqualTo(CONTENT);
    }

    @Test
    void shouldWithdrawOnceAndFindItNoMoreWhenAPublicationIsWithdrawn() throws Exception {
      // Given
      Publication published = publish(DISTRIBUTION, CONTENT);

      // When
      boolean first = repository.withdraw(published, "MAL-2030-1: steals credentials");
      boolean second = repository.withdraw(published, "MAL-2030-1: steals credentials");

      // Then
      assertThat(first).as("the first withdrawal withdraws").isTrue();
      assertThat(second).as("withdrawing again changes nothing").isFalse();
      assertThat(repository.findBySha256(DISTRIBUTION, sha256Of(CONTENT))).isEmpty();
      assertThatThrownBy(() -> readBack(published)).isInstanceOf(PortException.class);
    }

    @Test
    void shouldLeaveOtherVersionsAloneWhenOneIsWithdrawn() throws Exception {
      // Given
      Publication withdrawn = publish(DISTRIBUTION, CONTENT);
      Publication kept = publish(NEXT_VERSION, OTHER_CONTENT);

      // When
      repository.withdraw(withdrawn, "MAL-2030-1");

      // Then
      assertThat(repository.findBySha256(NEXT_VERSION, sha256Of(OTHER_CONTENT))).contains(kept);
      assertThat(readBack(kept)).isEqualTo(OTHER_CONTENT);
    }
  }

  /** Publishes {@code content} as {@code distribution} with an approval. */
  protected Publication publish(Distribution distribution, byte[] content) throws PortException {
    InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(distribution.fileName(), content);
    return repository.publish(request(), distribution, artifact, approved());
  }

  /** The bytes of {@code publication} as the repository gives them back. */
  protected byte[] readBack(Publication publication) throws Exception {
    try (FetchedArtifact back = repository.fetch(publication); InputStream in = back.openStream()) {
      byte[] bytes = in.readAllBytes();
      assertThat(back.sha256()).isEqualTo(sha256Of(bytes));
      return bytes;
    }
  }

  protected static PackageRequest request() {
    return TestData.request(NAME, 1);
  }

  protected static ScanVerdict approved() {
    return SeverityPolicy.defaultPolicy().evaluate(NAME, List.of(), TestData.TODAY);
  }

  protected static Sha256 sha256Of(byte[] content) {
    return InMemoryFetchedArtifact.sha256Of(content);
  }
}
