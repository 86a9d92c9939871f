package dev.airlock.adapter.osv;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the OSV advisories that affect an archive's package version: known vulnerabilities at the
 * severity their record gives, and malicious-package reports ({@code MAL-}) as CRITICAL. Asks
 * {@code /v1/querybatch} for the advisory ids (every page), then {@code /v1/vulns/{id}} for each
 * record, kept for the rest of the command since many archives share advisories. Only the
 * ecosystem, name and version are sent. An archive with no package metadata (a GitHub source
 * archive, say) gets one INFO finding saying OSV was not asked. Any failure
 * of OSV (429, 5xx, timeout, malformed answer), after bounded retries, fails the scan: no verdict,
 * never an approval.
 */
public final class OsvScanner implements SecurityScanner {
  /** The scanner's id in configuration and on findings. */
  public static final String ID = "osv";
  /** The rule id of the finding on an archive OSV was not asked about. */
  public static final String NOT_IDENTIFIED = "osv/not-identified";
  private static final Logger LOG = LoggerFactory.getLogger(OsvScanner.class);
  /** Records kept at most; a command rarely meets more distinct advisories. */
  private static final int MAX_CACHED = 10_000;

  private final OsvClient client;
  private final PackageIdentifier identifier;
  private final Map<String, Advisory> advisories = new ConcurrentHashMap<>();

  public OsvScanner(OsvSettings settings, PackageIdentifier identifier) {
    this.client = new OsvClient(settings);
    this.identifier = identifier;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    Optional<PackageCoordinates> coordinates = identifier.identify(request, artifact);
    if (coordinates.isEmpty()) {
      LOG.info("{}: no Python or npm package metadata; OSV not asked", request.name());
      return List.of(Finding.builder()
          .ruleId(NOT_IDENTIFIED)
          .title("Not checked against OSV advisories: not a PyPI or npm package")
          .severity(Severity.INFO)
          .description("The archive holds no Python (PKG-INFO, METADATA) or npm (package.json) package metadata, so "
              + "its registry package and version are unknown and OSV was not asked about known vulnerabilities or "
              + "malicious-package reports.")
          .recommendation("Request the package's sdist, wheel or npm tarball from its registry instead.")
          .scanner(ID)
          .build());
    }
    List<Finding> findings = new ArrayList<>();
    for (String id : client.advisoryIds(coordinates.get())) {
      findings.add(advisory(id).finding(coordinates.get()));
    }
    LOG.debug("{}: OSV lists {} advisory(ies) for {}", request.name(), findings.size(), coordinates.get());
    return findings;
  }

  private Advisory advisory(String id) throws PortException {
    Advisory known = advisories.get(id);
    if (known != null) {
      return known;
    }
    Advisory fetched = Advisory.of(client.advisory(id));
    if (advisories.size() >= MAX_CACHED) {
      advisories.clear();
    }
    advisories.put(id, fetched);
    return fetched;
  }
}
