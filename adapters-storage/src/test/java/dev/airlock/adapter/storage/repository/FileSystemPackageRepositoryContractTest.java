package dev.airlock.adapter.storage.repository;

import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.testing.PackageRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file-system repository keeps the repository contract, in a fresh folder for each test. */
class FileSystemPackageRepositoryContractTest extends PackageRepositoryContract {

  @TempDir
  Path root;

  @Override
  protected PackageRepository newRepository() {
    return new FileSystemPackageRepository(root.resolve("repository"), root.resolve("quarantine"));
  }
}
