package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.ResolveSettings;
import dev.airlock.domain.PythonTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where release rows are resolved and for which environment, for {@code run}. */
final class ResolveOptions {
  @Option(names = "--pypi-url", defaultValue = "https://pypi.org", paramLabel = "URL",
      description = "Base URL of the PyPI JSON API that resolves rows such as pandas==2.2.3 (a company mirror "
          + "works; its host must be allowed by --allow-host). Env: AIRLOCK_PYPI_URL. Default: ${DEFAULT-VALUE}.")
  String pypiUrl;

  @Option(names = "--python-version", defaultValue = "3.11", paramLabel = "X.Y",
      description = "Python version the dependency closure is resolved for (markers, Requires-Python, wheel tags). "
          + "Env: AIRLOCK_PYTHON_VERSION. Default: ${DEFAULT-VALUE} (SageMaker Studio).")
  String pythonVersion;

  @Option(names = "--platform", defaultValue = "manylinux_2_35_x86_64", paramLabel = "TAGS",
      description = "Comma list of wheel platform tags the closure must install on; a manylinux_2_Y tag "
          + "also accepts older manylinux wheels, as pip does. Env: AIRLOCK_PLATFORM. Default: ${DEFAULT-VALUE} "
          + "(SageMaker Studio).")
  String platform;

  ResolveSettings settings() {
    URI url;
    try {
      url = new URI(pypiUrl.strip());
    } catch (URISyntaxException e) {
      throw new ConfigurationException("--pypi-url '" + pypiUrl + "' is not a URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getRawUserInfo() != null) {
      throw new ConfigurationException("--pypi-url must be an https URL with a host and no credentials, e.g. "
          + "https://pypi.org");
    }
    try {
      return new ResolveSettings(url, new PythonTarget(pythonVersion.strip(),
          Arrays.stream(platform.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException((e.getMessage().startsWith("python") ? "--python-version: " : "--platform: ")
          + e.getMessage());
    }
  }
}
