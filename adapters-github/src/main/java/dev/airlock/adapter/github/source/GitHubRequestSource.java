package dev.airlock.adapter.github.source;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RequestFileParser;
import dev.airlock.domain.Requester;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHCommit;
import org.kohsuke.github.GHCompare;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request file at the commit that started the run, read through GitHub's API. Each row's
 * requester is the author (login, and e-mail when GitHub gives a real one) of the latest commit of
 * the pushed range {@code base...head} whose patch added that row; rows the push did not add are
 * marked {@link Requester#outsideChange()} (their decision, if any, names the earlier requester).
 * Costs one compare call per 100 commits and one call per commit of the push, never one per row.
 * When the history cannot be read, every row goes to the head commit's author and the run says so.
 */
public final class GitHubRequestSource implements RequestSource {
  /** The name {@code --source} uses. */
  public static final String ID = "github";
  /** Largest request file read, in bytes. */
  public static final long MAX_BYTES = RequestFileParser.DEFAULT_MAX_CHARS;

  private static final Logger LOG = LoggerFactory.getLogger(GitHubRequestSource.class);
  private static final String CONTENTS_READ = "contents: read";
  private static final int PAGE_SIZE = 100;

  private final GitHub github;
  private final GitHubSourceSettings settings;
  private final RequestFileParser parser;

  public GitHubRequestSource(GitHub github, GitHubSourceSettings settings) {
    this(github, settings, new RequestFileParser());
  }

  public GitHubRequestSource(GitHub github, GitHubSourceSettings settings, RequestFileParser parser) {
    this.github = github;
    this.settings = settings;
    this.parser = parser;
  }

  @Override
  public String describe() {
    return settings.repository() + ":" + settings.path() + "@" + settings.shortCommit();
  }

  @Override
  public ParsedRequestFile load() throws PortException {
    GHRepository repository = call("open the repository", "metadata: read",
        () -> github.getRepository(settings.repository().toString()));
    byte[] bytes = read(repository);
    if (bytes.length > MAX_BYTES) {
      throw new PortException("request file " + describe() + " is larger than " + MAX_BYTES + " bytes; split it");
    }
    ParsedRequestFile parsed = parser.parse(bytes);
    if (parsed.requests().isEmpty()) {
      return parsed;
    }
    // Lines that are not UTF-8 are row errors already; the others read the same either way.
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = List.of(text.replaceFirst("^\uFEFF", "").split("\r\n|\r|\n", -1));
    Attribution attribution = attribute(repository);
    return parsed.withRequesters(
        request -> attribution.requesterOf(lines.get(request.line().orElseThrow() - 1)),
        attribution.warnings());
  }

  /** The file's bytes at the commit: inline when GitHub sends them (up to 1 MB), else through the blob API. */
  private byte[] read(GHRepository repository) throws PortException {
    String doing = "read " + settings.path() + " at " + settings.shortCommit();
    GHContent content = call(doing, CONTENTS_READ, () -> repository.getFileContent(settings.path(), settings.commit()));
    if (!content.isFile()) {
      throw new PortException(settings.path() + " at " + settings.shortCommit() + " on " + settings.repository()
          + " is a " + content.getType() + ", not a request file");
    }
    if (content.getSize() > MAX_BYTES) {
      throw new PortException("request file " + describe() + " is larger than " + MAX_BYTES + " bytes; split it");
    }
    String inline = "base64".equals(content.getEncoding()) ? call(doing, CONTENTS_READ, content::getEncodedContent) : null;
    if (inline != null && (!inline.isEmpty() || content.getSize() == 0)) {
      return Base64.getMimeDecoder().decode(inline);
    }
    // Files over 1 MB come without content ("encoding": "none"); the blob API serves up to 100 MB.
    return call(doing + " (blob " + content.getSha() + ")", CONTENTS_READ, () -> {
      try (InputStream in = repository.getBlob(content.getSha()).read()) {
        return in.readNBytes((int) MAX_BYTES + 1);
      }
    });
  }

  /** Who added each line in the pushed range; on any failure, the head commit's author, said in a warning. */
  private Attribution attribute(GHRepository repository) {
    try {
      Optional<String> base = settings.baseCommit();
      if (base.isEmpty()) {
        GHCommit head = head(repository);
        base = firstParent(head);
        if (base.isEmpty()) {
          // The repository's first commit added every row.
          return Attribution.everyRow(authorOf(head), null);
        }
      }
      return fromRange(repository, base.get());
    } catch (PortException e) {
      LOG.warn("{}: {}", describe(), e.getMessage());
      Requester fallback = authorOrUnknown(repository);
      return Attribution.everyRow(fallback, "who added each row is unknown (" + e.getMessage()
          + "); every row is attributed to " + fallback.id() + ", the author of " + settings.shortCommit());
    }
  }

  private GHCommit head(GHRepository repository) throws PortException {
    // hub4j keeps the commit: asking twice costs one call
    return call("read commit " + settings.shortCommit(), CONTENTS_READ, () -> repository.getCommit(settings.commit()));
  }

  private Attribution fromRange(GHRepository repository, String base) throws PortException {
    String range = base.substring(0, Math.min(12, base.length())) + "..." + settings.shortCommit();
    repository.setCompareUsePaginatedCommits(true);
    List<GHCompare.Commit> commits = call("compare " + range, CONTENTS_READ,
        () -> repository.getCompare(base, settings.commit()).listCommits().withPageSize(PAGE_SIZE).toList());
    Map<String, Requester> byLine = new HashMap<>();
    String withoutPatch = null;
    for (GHCompare.Commit commit : commits) { // oldest first: a later commit's line wins
      if (commit.getParentSHA1s().size() > 1) {
        continue; // a merge repeats what the merged commits (also in the range) added
      }
      String sha = commit.getSHA1();
      String doing = "read the changes of commit " + sha.substring(0, 12);
      List<GHCommit.File> files = call(doing, CONTENTS_READ, () -> commit.listFiles().toList());
      for (GHCommit.File file : files) {
        if (!settings.path().equals(file.getFileName())) {
          continue;
        }
        if (file.getPatch() == null) {
          withoutPatch = sha.substring(0, 12);
          continue;
        }
        List<String> added = AddedLines.of(file.getPatch());
        if (!added.isEmpty()) {
          Requester author = authorOf(commit);
          added.forEach(line -> byLine.put(line, author));
        }
      }
    }
    LOG.debug("{}: {} commits in {}, {} rows attributed", describe(), commits.size(), range, byLine.size());
    if (withoutPatch != null) {
      Requester fallback = authorOrUnknown(repository);
      return new Attribution(byLine, fallback, List.of("GitHub sent no patch of " + settings.path() + " for commit "
          + withoutPatch + " (too large); rows not attributed otherwise go to " + fallback.id()));
    }
    return new Attribution(byLine, Requester.outsideChange(), List.of());
  }

  private static Optional<String> firstParent(GHCommit commit) {
    List<String> parents = commit.getParentSHA1s();
    return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(0));
  }

  /** The head commit's author, or unknown when even that cannot be read. */
  private Requester authorOrUnknown(GHRepository repository) {
    try {
      return authorOf(head(repository));
    } catch (PortException e) {
      return Requester.unknown();
    }
  }

  /** The commit's GitHub login (or its git author name when no account matches), with a real e-mail address. */
  private Requester authorOf(GHCommit commit) throws PortException {
    String doing = "read the author of commit " + commit.getSHA1().substring(0, 12);
    GHUser user = call(doing, CONTENTS_READ, commit::getAuthor);
    // A compare's commits keep their git data in a field of their own.
    GitUser git = commit instanceof GHCompare.Commit inRange
        ? (inRange.getCommit() == null ? null : inRange.getCommit().getAuthor())
        : call(doing, CONTENTS_READ, () -> commit.getCommitShortInfo().getAuthor());
    String id = user != null && user.getLogin() != null ? user.getLogin()
        : git != null && git.getName() != null && !git.getName().isBlank() ? git.getName() : "unknown";
    var builder = Requester.builder().id(id);
    if (git != null && git.getEmail() != null && git.getEmail().contains("@")
        && !git.getEmail().toLowerCase(Locale.ROOT).endsWith("@users.noreply.github.com")) {
      builder.email(git.getEmail());
    }
    return builder.build();
  }

  private <T> T call(String doing, String permission, GitHubCall<T> call) throws PortException {
    try {
      return call.run();
    } catch (IOException e) {
      throw GitHubErrors.describe(e, settings.repository(), doing, permission);
    } catch (org.kohsuke.github.GHException e) {
      IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getMessage());
      throw GitHubErrors.describe(cause, settings.repository(), doing, permission);
    }
  }

  /** One GitHub call. */
  @FunctionalInterface
  private interface GitHubCall<T> {
    T run() throws IOException;
  }

  /** Who added which line, and who gets the rest. */
  private record Attribution(Map<String, Requester> byLine, Requester rest, List<String> warnings) {
    static Attribution everyRow(Requester who, String warning) {
      return new Attribution(Map.of(), who, warning == null ? List.of() : List.of(warning));
    }

    Requester requesterOf(String line) {
      return byLine.getOrDefault(AddedLines.withoutCarriageReturn(line), rest);
    }
  }
}
