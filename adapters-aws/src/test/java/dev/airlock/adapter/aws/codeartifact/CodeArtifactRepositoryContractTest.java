package dev.airlock.adapter.aws.codeartifact;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.airlock.adapter.aws.testing.FakeCodeArtifact;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.testing.PackageRepositoryContract;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CodeArtifact repository (generic format) keeps the repository contract: the real SDK against a
 * repository kept in memory behind WireMock ({@code CodeArtifactRepositoryTest} checks the requests
 * themselves and CodeArtifact's errors).
 */
class CodeArtifactRepositoryContractTest extends PackageRepositoryContract {
  private static final FakeCodeArtifact CODEARTIFACT = new FakeCodeArtifact();

  @RegisterExtension
  static final WireMockExtension SERVER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().extensions(CODEARTIFACT))
      .build();

  @Override
  protected PackageRepository newRepository() {
    CODEARTIFACT.clear();
    SERVER.stubFor(any(anyUrl()).willReturn(aResponse()));
    return new CodeArtifactRepository(WireMockAws.codeArtifact(SERVER.getRuntimeInfo()),
        new CodeArtifactSettings("data-science", Optional.of("123456789012"), "approved", "airlock",
            CodeArtifactSettings.Format.GENERIC));
  }
}
