package dev.airlock.adapter.aws.inspector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airlock.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * The SBOM generated for one archive, with what generating it noticed: which dependencies no
 * manifest pins, and which manifests could not be read. Serial numbers derive from the archive's
 * SHA-256 and no timestamp is written, so the same archive always gives the same document.
 */
public final class GeneratedSbom {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Sha256 sha256;
  private final Component metadataComponent;
  private final List<Component> components;
  private final Map<String, Dependency> byRef;
  private final List<Dependency> unpinned;
  private final List<String> unreadable;

  GeneratedSbom(Sha256 sha256, Component metadataComponent, List<Component> components, Map<String, Dependency> byRef,
      List<Dependency> unpinned, List<String> unreadable) {
    this.sha256 = sha256;
    this.metadataComponent = metadataComponent;
    this.components = List.copyOf(components);
    this.byRef = Map.copyOf(byRef);
    this.unpinned = List.copyOf(unpinned);
    this.unreadable = List.copyOf(unreadable);
  }

  /** The SHA-256 of the archive the SBOM describes. */
  public Sha256 sha256() {
    return sha256;
  }

  /** How many components the SBOM lists. */
  public int componentCount() {
    return components.size();
  }

  /** The whole SBOM as CycloneDX 1.5 JSON, UTF-8. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsString(document(components, 0)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a generated SBOM always serialises", e);
    }
  }

  /** The SBOM split into valid SBOMs of at most {@code max} components each (one, when it is small). */
  List<JsonNode> batches(int max) {
    List<JsonNode> batches = new ArrayList<>();
    for (int from = 0, batch = 0; from < components.size() || batch == 0; from += max, batch++) {
      batches.add(document(components.subList(from, Math.min(components.size(), from + max)), batch));
    }
    return batches;
  }

  /** The dependency behind the component with bom-ref {@code ref}. */
  Optional<Dependency> dependency(String ref) {
    return Optional.ofNullable(byRef.get(ref));
  }

  /** Dependencies that no manifest pins, in name order. */
  List<Dependency> unpinned() {
    return unpinned;
  }

  /** Manifests that could not be read, each with the reason. */
  List<String> unreadable() {
    return unreadable;
  }

  private JsonNode document(List<Component> part, int batch) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((sha256.hex() + "/" + batch)
        .getBytes(StandardCharsets.UTF_8)));
    Metadata metadata = new Metadata();
    // The same archive must give the same document (its serial number is derived from the content);
    // the wall-clock time CycloneDX stamps by default would make two runs differ. It is optional.
    metadata.setTimestamp(null);
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("airlock");
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    metadata.setComponent(metadataComponent);
    bom.setMetadata(metadata);
    bom.setComponents(new ArrayList<>(part));
    return BomGeneratorFactory.createJson(Version.VERSION_15, bom).toJsonNode();
  }
}
