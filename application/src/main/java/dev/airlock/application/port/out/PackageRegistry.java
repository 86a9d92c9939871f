package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.domain.RegistryFile;
import java.util.List;
import java.util.Optional;

/**
 * A package registry's metadata API (the PyPI JSON API, or a company mirror of it): which releases
 * and files a project has, with their digests, and a wheel's core metadata when the registry
 * serves it apart (PEP 658), so a closure resolves without running any package code.
 */
public interface PackageRegistry {

  /**
   * Every file of every release of the Python project {@code project}.
   *
   * @throws PortException when the registry cannot be reached or answers nonsense, or the project
   *     does not exist (the message says so)
   */
  List<RegistryFile> pythonFiles(String project) throws PortException;

  /**
   * The core metadata of {@code file} as the registry serves it beside the file (PEP 658
   * {@code <url>.metadata}), or empty when it does not.
   *
   * @throws PortException when the registry cannot be reached
   */
  Optional<String> pythonMetadata(RegistryFile file) throws PortException;
}
