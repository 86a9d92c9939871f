package dev.airlock.adapter.aws.inspector;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;

/**
 * Builds a CycloneDX 1.5 SBOM of one archive from the manifests inside it, read as streams through
 * the {@link ArchiveReader}, within the intake limits: each declared dependency becomes a component with a package URL, pinned
 * when a manifest or lock file gives an exact version, otherwise without version and marked
 * {@value #UNPINNED}. The package itself is the metadata component (and a component too, when its
 * version is known, so that it is scanned as well). Nothing depends on AWS: {@code airlock scan
 * --sbom-out} uses it on its own.
 */
public final class CycloneDxSbomGenerator {
  /** Property on components that no manifest pins to one version. */
  public static final String UNPINNED = "airlock:unpinned";
  /** Property naming the manifest a component was found in. */
  public static final String MANIFEST = "airlock:manifest";
  /** Property marking the component that is the requested package itself. */
  public static final String ROLE = "airlock:role";
  /** A manifest longer than this is no manifest: the scan fails rather than skip what it may declare. */
  static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  private final ArchiveReader reader;
  private final ManifestParser parser = new ManifestParser();

  public CycloneDxSbomGenerator(ArchiveReader reader) {
    this.reader = reader;
  }

  /**
   * The SBOM of {@code artifact}, requested as {@code request}, reading the archive on its own.
   *
   * @throws PortException when the archive cannot be read within the intake limits or holds an
   *     oversized manifest
   */
  public GeneratedSbom generate(PackageRequest request, FetchedArtifact artifact) throws PortException {
    Collector collector = collector(request, artifact);
    ArchiveSource source =
        ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel);
    try {
      reader.forEachFile(source, (path, size, content) -> {
        if (collector.wants(path)) {
          collector.visit(path, content);
        }
      });
    } catch (IOException e) {
      throw new PortException(e.getMessage(), e);
    }
    return collector.finish();
  }

  /**
   * A collector of {@code artifact}'s manifests, fed the files it wants by the caller (a pass over
   * the archive shared with other scanners), then asked for the SBOM.
   */
  public Collector collector(PackageRequest request, FetchedArtifact artifact) {
    return new Collector(request, artifact);
  }

  /** The manifests of one archive, gathered file by file. */
  public final class Collector {
    private final PackageRequest request;
    private final FetchedArtifact artifact;
    private final List<Dependency> declared = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private Dependency self;
    private int selfDepth = Integer.MAX_VALUE;

    private Collector(PackageRequest request, FetchedArtifact artifact) {
      this.request = request;
      this.artifact = artifact;
    }

    /** Whether the regular file at archive path {@code path} is a manifest this collector reads. */
    public boolean wants(String path) {
      return ManifestParser.kindOf(path).isPresent();
    }

    /**
     * One manifest's bytes.
     *
     * @throws IOException when it is larger than a manifest can be: the scan fails rather than skip
     *     what it may declare
     */
    public void visit(String path, InputStream content) throws IOException {
      Optional<ManifestParser.Kind> kind = ManifestParser.kindOf(path);
      if (kind.isEmpty()) {
        return;
      }
      byte[] bytes = content.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new IOException("manifest " + path + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
      }
      try {
        ManifestParser.Parsed parsed = parser.parse(kind.get(), path, new String(bytes, StandardCharsets.UTF_8));
        declared.addAll(parsed.dependencies());
        int depth = path.split("/").length;
        // The shallowest metadata names the package; at equal depth one that gives a version wins.
        if (parsed.self().isPresent() && (depth < selfDepth
            || (depth == selfDepth && !self.pinned() && parsed.self().get().pinned()))) {
          self = parsed.self().get();
          selfDepth = depth;
        }
      } catch (IOException | RuntimeException e) {
        // A broken manifest (often a test fixture) cannot be installed from either; it is reported, not fatal.
        unreadable.add(path + " (" + firstLine(e) + ")");
      }
    }

    /** The SBOM of every manifest visited. */
    public GeneratedSbom finish() {
      Dependency pkg = self != null ? self : fromRequest(request, artifact);
      if (!pkg.pinned()) {
        pkg = new Dependency(pkg.ecosystem(), pkg.name(), PackageVersions.fromUrl(request.url()), pkg.manifest(),
            false);
      }
      return assemble(request, artifact, pkg, declared, new ArrayList<>(unreadable));
    }
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = message.lines().findFirst().orElse(message);
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  private static Dependency fromRequest(PackageRequest request, FetchedArtifact artifact) {
    Optional<String> version = PackageVersions.fromUrl(request.url());
    boolean npm = ArchiveNames.extension(artifact.fileName()).filter(".tgz"::equals).isPresent();
    return npm ? Dependency.npm(request.name(), version, artifact.fileName(), false)
        : Dependency.python(request.name(), version, artifact.fileName(), false);
  }

  private GeneratedSbom assemble(PackageRequest request, FetchedArtifact artifact, Dependency pkg,
      List<Dependency> declared, List<String> unreadable) {
    // One component per (ecosystem, name, version); a name that some manifest or lock pins is not
    // also reported unpinned: the lock says what gets installed.
    Map<String, Dependency> pinned = new TreeMap<>();
    Map<String, Dependency> loose = new TreeMap<>();
    Map<String, Boolean> required = new LinkedHashMap<>();
    for (Dependency d : declared) {
      String name = d.ecosystem() + "/" + d.name();
      required.merge(name, !d.optional(), Boolean::logicalOr);
      if (d.pinned()) {
        pinned.putIfAbsent(name + "@" + d.version().get(), d);
      } else {
        loose.putIfAbsent(name, d);
      }
    }
    pinned.values().forEach(d -> loose.remove(d.ecosystem() + "/" + d.name()));
    List<Component> components = new ArrayList<>();
    Map<String, Dependency> byRef = new LinkedHashMap<>();
    List<Dependency> unpinned = new ArrayList<>();
    Component metadata = component(pkg, unreadable).orElseGet(() -> plain(request.name()));
    metadata.setBomRef(null); // bom-refs must be unique, and the package's own component carries its purl
    String selfKey = pkg.ecosystem() + "/" + pkg.name();
    if (pkg.pinned()) {
      component(pkg, unreadable).ifPresent(c -> {
        c.addProperty(new Property(ROLE, "package"));
        components.add(c);
        byRef.put(c.getBomRef(), pkg);
      });
    }
    for (Dependency d : concat(pinned.values(), loose.values())) {
      String name = d.ecosystem() + "/" + d.name();
      if (name.equals(selfKey) && (!d.pinned() || d.version().equals(pkg.version()))) {
        continue; // a lock file lists the package itself
      }
      Optional<Component> made = component(d, unreadable);
      if (made.isEmpty() || byRef.containsKey(made.get().getBomRef())) {
        continue;
      }
      Component c = made.get();
      c.setScope(required.getOrDefault(name, true) ? Component.Scope.REQUIRED : Component.Scope.OPTIONAL);
      c.addProperty(new Property(MANIFEST, d.manifest()));
      if (!d.pinned()) {
        c.addProperty(new Property(UNPINNED, "true"));
        unpinned.add(d);
      }
      components.add(c);
      byRef.put(c.getBomRef(), d);
    }
    components.sort(Comparator.comparing(Component::getBomRef));
    return new GeneratedSbom(artifact.sha256(), metadata, components, byRef, unpinned, unreadable);
  }

  private static List<Dependency> concat(Collection<Dependency> a, Collection<Dependency> b) {
    List<Dependency> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A library component with its package URL as bom-ref; a name no package URL can hold is reported. */
  private static Optional<Component> component(Dependency d, List<String> unreadable) {
    String namespace = null;
    String name = d.name();
    if (d.ecosystem() == Dependency.Ecosystem.NPM && name.startsWith("@") && name.indexOf('/') > 0) {
      namespace = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    try {
      PackageURL purl = new PackageURL(d.ecosystem().purlType, namespace, name, d.version().orElse(null), null, null);
      Component c = new Component();
      c.setType(Component.Type.LIBRARY);
      c.setGroup(namespace);
      c.setName(name);
      d.version().ifPresent(c::setVersion);
      c.setPurl(purl.canonicalize());
      c.setBomRef(purl.canonicalize());
      return Optional.of(c);
    } catch (MalformedPackageURLException | RuntimeException e) {
      unreadable.add(d.manifest() + " (dependency name '" + abbreviate(d.name()) + "' is not a package name)");
      return Optional.empty();
    }
  }

  private static Component plain(String name) {
    Component c = new Component();
    c.setType(Component.Type.LIBRARY);
    c.setName(name);
    return c;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
