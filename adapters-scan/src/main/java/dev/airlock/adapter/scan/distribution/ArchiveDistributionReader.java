package dev.airlock.adapter.scan.distribution;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.NpmNames;
import dev.airlock.domain.PythonFileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what an archive is from the metadata inside it, streaming its entries through
 * the {@link ArchiveReader} (so within the intake limits, nothing unpacked): a wheel ({@code .whl}
 * with one {@code *.dist-info/METADATA}), an sdist (a {@code PKG-INFO} in its top folder), an npm
 * tarball ({@code package/package.json}, or the one {@code package.json} of a top folder), else a
 * generic archive. Only the metadata files are kept, each at most {@link #MAX_METADATA_BYTES}.
 */
public final class ArchiveDistributionReader implements DistributionReader {
  /** Largest metadata file read (a long description can be large; a bigger one is refused). */
  public static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ArchiveReader reader;

  public ArchiveDistributionReader(ArchiveReader reader) {
    this.reader = reader;
  }

  /** A metadata file found in the archive. */
  private record Found(String path, String text) {}

  @Override
  public Distribution read(FetchedArtifact artifact, String requestedName, String fallbackVersion)
      throws PortException {
    String fileName = artifact.fileName();
    List<Found> wheelMetadata = new ArrayList<>();
    List<Found> pkgInfo = new ArrayList<>();
    List<Found> packageJson = new ArrayList<>();
    ArchiveSource source =
        ArchiveSource.of(fileName, artifact.size(), artifact::openStream, artifact::openChannel);
    try {
      reader.forEachFile(source, (path, size, content) -> {
        if (path.contains("!/")) {
          return; // inside a nested archive: not this archive's metadata
        }
        String[] parts = path.replaceFirst("^(\\./)+", "").split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty()) {
          return;
        }
        if (parts[0].endsWith(".dist-info") && parts[1].equals("METADATA")) {
          wheelMetadata.add(new Found(path, text(path, content)));
        } else if (parts[1].equals("PKG-INFO")) {
          pkgInfo.add(new Found(path, text(path, content)));
        } else if (parts[1].equals("package.json")) {
          packageJson.add(new Found(path, text(path, content)));
        }
      });
    } catch (IOException e) {
      throw new PortException(e.getMessage(), e);
    }
    try {
      if (fileName.toLowerCase(Locale.ROOT).endsWith(".whl")) {
        return wheel(fileName, one(wheelMetadata, fileName, "*.dist-info/METADATA")
            .orElseThrow(() -> new PortException(fileName + " is named as a wheel but holds no *.dist-info/METADATA,"
                + " so pip could not install it")));
      }
      Optional<Found> sdist = one(pkgInfo, fileName, "PKG-INFO in its top folder");
      if (sdist.isPresent()) {
        return sdist(fileName, sdist.get());
      }
      Optional<Found> npm = npmManifest(packageJson);
      if (npm.isPresent()) {
        return npm(fileName, npm.get());
      }
      return Distribution.generic(requestedName, fallbackVersion, fileName);
    } catch (IllegalArgumentException e) {
      throw new PortException(fileName + ": " + e.getMessage(), e);
    }
  }

  private static Distribution wheel(String fileName, Found metadataFile) {
    CoreMetadata metadata = CoreMetadata.parse(metadataFile.text(), metadataFile.path());
    return Distribution.builder().kind(Distribution.Kind.PYTHON_WHEEL).name(metadata.name())
        .version(metadata.version()).fileName(wheelFileName(fileName, metadata)).coreMetadata(metadata).build();
  }

  /**
   * The wheel's own file name. The fetcher keeps file names to letters, digits, {@code . _ -}, so a
   * local version's {@code +} ({@code torch-2.5.1+cpu-...whl}) arrives as {@code _}; pip needs it
   * back, and the metadata says which it was.
   */
  private static String wheelFileName(String fileName, CoreMetadata metadata) {
    Optional<PythonFileNames.WheelName> parsed = PythonFileNames.parseWheel(fileName);
    if (parsed.isEmpty() || PythonFileNames.wheelNames(parsed.get(), metadata.name(), metadata.version())) {
      return fileName; // the Distribution says what is wrong with a name that is no wheel name
    }
    PythonFileNames.WheelName w = parsed.get();
    PythonFileNames.WheelName restored = new PythonFileNames.WheelName(w.name(), w.version().replace('_', '+'),
        w.build(), w.pythonTag(), w.abiTag(), w.platformTag());
    return PythonFileNames.wheelNames(restored, metadata.name(), metadata.version())
        ? PythonFileNames.wheel(restored) : fileName;
  }

  /** An sdist keeps its file name when pip can read the name and version from it, else gets PEP 625's. */
  private static Distribution sdist(String fileName, Found pkgInfo) {
    CoreMetadata metadata = CoreMetadata.parse(pkgInfo.text(), pkgInfo.path());
    String extension = ArchiveNames.extension(fileName).orElse(".tar.gz");
    String published = PythonFileNames.sdistNames(fileName, extension, metadata.name(), metadata.version())
        ? fileName : PythonFileNames.sdist(metadata.name(), metadata.version(), extension);
    return Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name(metadata.name())
        .version(metadata.version()).fileName(published).coreMetadata(metadata).build();
  }

  private static Distribution npm(String fileName, Found manifest) throws PortException {
    JsonNode json;
    try {
      json = JSON.readTree(manifest.text());
    } catch (JacksonException e) {
      throw new PortException(fileName + ": " + manifest.path() + " is not valid JSON (line "
          + e.getLocation().getLineNr() + ")", e);
    }
    String name = textField(json, "name", fileName, manifest.path());
    String version = textField(json, "version", fileName, manifest.path());
    var distribution = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name(name).version(version)
        .fileName(NpmNames.tarball(name, version))
        .npmManifest(manifest.text());
    npmLicence(json).ifPresent(distribution::declaredLicence);
    JsonNode deprecated = json.path("deprecated");
    if (deprecated.isTextual() && !deprecated.asText().isBlank()) {
      distribution.declaredDeprecation(deprecated.asText().strip());
    }
    return distribution.build();
  }

  /** package.json's {@code license} (an SPDX expression), or the legacy {@code {"type": ...}} form. */
  private static Optional<String> npmLicence(JsonNode json) {
    JsonNode licence = json.path("license");
    if (licence.isObject()) {
      licence = licence.path("type");
    }
    return licence.isTextual() && !licence.asText().isBlank() ? Optional.of(licence.asText().strip())
        : Optional.empty();
  }

  private static String textField(JsonNode json, String field, String fileName, String path) throws PortException {
    JsonNode value = json.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new PortException(fileName + ": " + path + " has no \"" + field + "\"");
    }
    return value.asText();
  }

  /** npm reads the tarball's one top folder; {@code package/} is what {@code npm pack} writes. */
  private static Optional<Found> npmManifest(List<Found> packageJson) {
    Optional<Found> standard = packageJson.stream().filter(f -> f.path().replaceFirst("^(\\./)+", "")
        .equals("package/package.json")).findFirst();
    if (standard.isPresent()) {
      return standard;
    }
    return packageJson.size() == 1 ? Optional.of(packageJson.get(0)) : Optional.empty();
  }

  private static Optional<Found> one(List<Found> found, String fileName, String what) throws PortException {
    if (found.size() > 1) {
      throw new PortException(fileName + " holds " + found.size() + " " + what + " files ("
          + String.join(", ", found.stream().map(Found::path).toList()) + "); which one describes it is unclear");
    }
    return found.stream().findFirst();
  }

  private static String text(String path, InputStream content) throws IOException {
    byte[] bytes = content.readNBytes(MAX_METADATA_BYTES + 1);
    if (bytes.length > MAX_METADATA_BYTES) {
      throw new IOException(path + " is larger than " + MAX_METADATA_BYTES / (1024 * 1024) + " MiB");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
