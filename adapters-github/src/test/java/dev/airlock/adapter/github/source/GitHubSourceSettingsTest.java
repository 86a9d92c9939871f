package dev.airlock.adapter.github.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.adapter.github.RepositoryName;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the GitHub source accepts as repository, path and commits: nothing that could reach another API path. */
class GitHubSourceSettingsTest {
  private static final RepositoryName REPO = RepositoryName.parse("data-science/package-requests");
  private static final String HEAD = "3".repeat(40);

  @Test
  void shouldCompareWithTheParentWhenTheBaseCommitIsAllZerosAsForANewBranch() {
    // When
    var settings = new GitHubSourceSettings(REPO, "./requests/packages.csv", HEAD.toUpperCase(), Optional.of("0".repeat(40)));

    // Then
    assertThat(settings.baseCommit()).isEmpty();
    assertThat(settings.path()).isEqualTo("requests/packages.csv");
    assertThat(settings.commit()).isEqualTo(HEAD);
    assertThat(settings.shortCommit()).isEqualTo("333333333333");
  }

  @Test
  void shouldRefuseWhatIsNotACommitShaOrAPlainPathWhenGiven() {
    assertThatThrownBy(() -> new GitHubSourceSettings(REPO, "packages.csv", "main", Optional.empty()))
        .hasMessageContaining("'main' is not a commit SHA");
    assertThatThrownBy(() -> new GitHubSourceSettings(REPO, "packages.csv", HEAD, Optional.of("HEAD~1")))
        .hasMessageContaining("base commit 'HEAD~1'");
    assertThatThrownBy(() -> new GitHubSourceSettings(REPO, "../other/packages.csv", HEAD, Optional.empty()))
        .hasMessageContaining("plain path");
    assertThatThrownBy(() -> new GitHubSourceSettings(REPO, "packages.csv?ref=main", HEAD, Optional.empty()))
        .hasMessageContaining("plain path");
    assertThatThrownBy(() -> RepositoryName.parse("data-science/package-requests/issues"))
        .hasMessageContaining("is not owner/name");
    assertThatThrownBy(() -> RepositoryName.parse("data-science/.."))
        .hasMessageContaining("is not owner/name");
  }
}
