package dev.airlock.bootstrap.config;

import dev.airlock.domain.PythonTarget;
import java.net.URI;
import java.util.Objects;

/**
 * How release rows ({@code pandas==2.2.3}) are resolved: the registry's base URL (pypi.org or a
 * company mirror; its host must be allow-listed) and the environment the closure is for.
 *
 * @param pypiUrl base of the PyPI JSON API ({@code <pypiUrl>/pypi/<name>/json})
 * @param target Python version and platform tags of the notebooks
 */
public record ResolveSettings(URI pypiUrl, PythonTarget target) {
  /** pypi.org and SageMaker Studio's Python. */
  public static final ResolveSettings DEFAULTS =
      new ResolveSettings(URI.create("https://pypi.org"), PythonTarget.SAGEMAKER_STUDIO);

  public ResolveSettings {
    Objects.requireNonNull(pypiUrl, "pypiUrl");
    Objects.requireNonNull(target, "target");
  }
}
