package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an approved archive as what its own metadata says it is, reusing a publication of the
 * same content: the one way both a run and a re-evaluation that reopens a refusal publish.
 */
final class PublishStep {
  private static final Logger LOG = LoggerFactory.getLogger(PublishStep.class);

  private final DistributionReader distributions;
  private final PackageRepository repository;
  private final Clock clock;

  PublishStep(DistributionReader distributions, PackageRepository repository, Clock clock) {
    this.distributions = distributions;
    this.repository = repository;
    this.clock = clock;
  }

  /** The publication of {@code artifact}: the one already there for this content, or a new one. */
  Publication publish(PackageRequest request, FetchedArtifact artifact, ScanVerdict verdict) throws PortException {
    Distribution distribution = identify(request, artifact, verdict,
        PackageVersions.derive(request.url(), artifact.sha256(), LocalDate.now(clock)));
    Optional<Publication> existing = repository.findBySha256(distribution, artifact.sha256());
    if (existing.isPresent()) {
      LOG.info("{}: identical content already published as {}", request.name(), existing.get().version());
      return existing.get();
    }
    Publication published = repository.publish(request, distribution, artifact, verdict);
    LOG.info("{}: published {} {} to {}", request.name(), distribution.name(), published.version(), repository.id());
    return published;
  }

  /**
   * What the approved archive is, by its own metadata. The requested name is only a label: an
   * archive whose metadata names another package is published under that name (the message says
   * so), unless waivers approved it, since waivers are granted to the requested name.
   */
  private Distribution identify(PackageRequest request, FetchedArtifact artifact, ScanVerdict verdict,
      String fallbackVersion) throws PortException {
    Distribution distribution = distributions.read(artifact, request.name(), fallbackVersion);
    if (!distribution.hasName(request.name())) {
      if (!verdict.waivedFindings().isEmpty()) {
        throw new PortException("the archive's metadata names it " + distribution.name() + ", not " + request.name()
            + "; it is approved only through waivers granted to " + request.name()
            + ", so it is not published; request it as " + distribution.name());
      }
      LOG.warn("{}: the archive's metadata names it {}; publishing it under that name", request.name(),
          distribution.name());
    }
    return distribution;
  }
}
