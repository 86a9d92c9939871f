package dev.airlock.adapter.github.source;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.application.port.PortException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Reads one file of a repository as it was at a commit, bounded in size: inline when GitHub sends the
 * content (up to 1 MB), else through the blob API. The request file and a policy kept beside it are
 * read this way.
 */
public final class GitHubFiles {
  static final String CONTENTS_READ = "contents: read";

  private final GitHub github;
  private final RepositoryName repository;

  public GitHubFiles(GitHub github, RepositoryName repository) {
    this.github = github;
    this.repository = repository;
  }

  /**
   * The file's bytes at {@code commit}, or empty when the commit has no file at {@code path}.
   *
   * @param maxBytes the largest file read; a larger one is refused
   * @throws PortException when GitHub cannot be read, the path is not a file, or it is too large
   */
  public Optional<byte[]> readIfPresent(String path, String commit, long maxBytes) throws PortException {
    GHRepository repo = open();
    GHContent content;
    try {
      content = repo.getFileContent(path, commit);
    } catch (IOException e) {
      if (GitHubErrors.status(e) == 404) {
        // The repository opened, so a 404 here means the commit has no such file.
        return Optional.empty();
      }
      throw GitHubErrors.describe(e, repository, "read " + path + " at " + shortCommit(commit), CONTENTS_READ);
    }
    return Optional.of(bytesOf(repo, content, path, commit, maxBytes));
  }

  /** The repository, opened once per call. */
  GHRepository open() throws PortException {
    try {
      return github.getRepository(repository.toString());
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "open the repository", "metadata: read");
    }
  }

  /** The file's bytes at {@code commit} in the opened repository; at most {@code maxBytes + 1} are read. */
  byte[] read(GHRepository repo, String path, String commit, long maxBytes) throws PortException {
    GHContent content = call("read " + path + " at " + shortCommit(commit), () -> repo.getFileContent(path, commit));
    return bytesOf(repo, content, path, commit, maxBytes);
  }

  private byte[] bytesOf(GHRepository repo, GHContent content, String path, String commit, long maxBytes)
      throws PortException {
    String shortCommit = shortCommit(commit);
    String doing = "read " + path + " at " + shortCommit;
    if (!content.isFile()) {
      throw new PortException(path + " at " + shortCommit + " on " + repository + " is a " + content.getType()
          + ", not a file");
    }
    if (content.getSize() > maxBytes) {
      throw new PortException(path + " at " + shortCommit + " on " + repository + " is larger than " + maxBytes
          + " bytes; split it");
    }
    if ("base64".equals(content.getEncoding())) {
      byte[] inline = call(doing, () -> {
        try (InputStream in = content.read()) {
          return in.readAllBytes();
        }
      });
      if (inline.length > 0 || content.getSize() == 0) {
        return inline;
      }
    }
    // Files over 1 MB come without content ("encoding": "none"); the blob API serves up to 100 MB.
    byte[] bytes = call(doing + " (blob " + content.getSha() + ")", () -> {
      try (InputStream in = repo.getBlob(content.getSha()).read()) {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      }
    });
    if (bytes.length > maxBytes) {
      throw new PortException(path + " at " + shortCommit + " on " + repository + " is larger than " + maxBytes
          + " bytes; split it");
    }
    return bytes;
  }

  private static String shortCommit(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }

  private <T> T call(String doing, GitHubCall<T> call) throws PortException {
    try {
      return call.run();
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, doing, CONTENTS_READ);
    } catch (GHException e) {
      IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getMessage());
      throw GitHubErrors.describe(cause, repository, doing, CONTENTS_READ);
    }
  }

  /** One GitHub call. */
  @FunctionalInterface
  private interface GitHubCall<T> {
    T run() throws IOException;
  }
}
