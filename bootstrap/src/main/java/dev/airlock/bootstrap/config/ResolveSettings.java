package dev.airlock.bootstrap.config;

import dev.airlock.domain.PythonTarget;
import java.net.URI;
import java.util.Objects;

/**
 * How release rows ({@code pandas==2.2.3}, {@code npm:lodash@4.17.21}) are resolved: the registries'
 * base URLs (pypi.org, registry.npmjs.org or company mirrors; their hosts must be allow-listed) and the
 * environment the closure is for.
 *
 * @param pypiUrl base of the PyPI JSON API ({@code <pypiUrl>/pypi/<name>/json})
 * @param npmUrl base of the npm registry ({@code <npmUrl>/<name>})
 * @param target Python version and platform tags of the notebooks
 */
public record ResolveSettings(URI pypiUrl, URI npmUrl, PythonTarget target) {
  /** pypi.org, registry.npmjs.org and SageMaker Studio's Python. */
  public static final ResolveSettings DEFAULTS = new ResolveSettings(URI.create("https://pypi.org"),
      URI.create("https://registry.npmjs.org"), PythonTarget.SAGEMAKER_STUDIO);

  public ResolveSettings {
    Objects.requireNonNull(pypiUrl, "pypiUrl");
    Objects.requireNonNull(npmUrl, "npmUrl");
    Objects.requireNonNull(target, "target");
  }
}
