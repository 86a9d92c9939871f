package dev.airlock.adapter.github.repository;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.airlock.adapter.github.testing.FakeGitHubReleases;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.testing.PackageRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GitHub release repository keeps the repository contract: the real hub4j client against releases
 * kept in memory behind WireMock ({@code GitHubReleaseRepositoryTest} checks the requests themselves
 * and GitHub's errors).
 */
class GitHubReleaseRepositoryContractTest extends PackageRepositoryContract {
  private static final FakeGitHubReleases RELEASES = new FakeGitHubReleases();

  @RegisterExtension
  static final WireMockExtension SERVER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().extensions(RELEASES))
      .build();

  @Override
  protected PackageRepository newRepository() {
    RELEASES.clear();
    SERVER.stubFor(any(anyUrl()).willReturn(aResponse()));
    WireMockGitHub github = WireMockGitHub.githubCom(SERVER.getRuntimeInfo());
    return new GitHubReleaseRepository(github.client(), "acme/approved-packages", WireMockGitHub.AUTHORIZATION);
  }
}
