package dev.airlock.adapter.github.source;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.adapter.github.pullrequest.CheckObservations;
import dev.airlock.adapter.github.pullrequest.PullRequestChecks;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.domain.CheckedContent;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RequestFileParser;
import dev.airlock.domain.Requester;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kohsuke.github.GHCommit;
import org.kohsuke.github.GHCompare;
import org.kohsuke.github.GHPullRequest;
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
 *
 * <p>For a pull request's check ({@link GitHubSourceSettings.Rows#ADDED}) the range is the pull
 * request's {@code base...head}, and only the rows (and unreadable rows) it added are given: the rest
 * of the file was decided by earlier merges and is none of the check's business.
 */
public final class GitHubRequestSource implements RequestSource {
  /** The name {@code --source} uses. */
  public static final String ID = "github";
  /** Largest request file read, in bytes. */
  public static final long MAX_BYTES = RequestFileParser.DEFAULT_MAX_CHARS;

  private static final Logger LOG = LoggerFactory.getLogger(GitHubRequestSource.class);
  private static final String CONTENTS_READ = "contents: read";
  private static final String PULL_REQUESTS_READ = "pull requests: read";
  private static final int PAGE_SIZE = 100;

  private final GitHubSourceSettings settings;
  private final RequestFileParser parser;
  private final GitHubFiles files;

  public GitHubRequestSource(GitHub github, GitHubSourceSettings settings) {
    this(github, settings, new RequestFileParser());
  }

  public GitHubRequestSource(GitHub github, GitHubSourceSettings settings, RequestFileParser parser) {
    this.settings = settings;
    this.parser = parser;
    this.files = new GitHubFiles(github, settings.repository());
  }

  @Override
  public String describe() {
    return settings.repository() + ":" + settings.path() + "@" + settings.shortCommit();
  }

  @Override
  public ParsedRequestFile load() throws PortException {
    GHRepository repository = files.open();
    byte[] bytes = read(repository);
    if (bytes.length > MAX_BYTES) {
      throw new PortException("request file " + describe() + " is larger than " + MAX_BYTES + " bytes; split it");
    }
    ParsedRequestFile parsed = parser.parse(bytes);
    if (parsed.requests().isEmpty() && (settings.rows() == GitHubSourceSettings.Rows.ALL || parsed.errors().isEmpty())) {
      return parsed;
    }
    // Lines that are not UTF-8 are row errors already; the others read the same either way.
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = List.of(text.replaceFirst("^\uFEFF", "").split("\r\n|\r|\n", -1));
    Attribution attribution = attribute(repository);
    ParsedRequestFile attributed = parsed.withRequesters(
        request -> attribution.requesterOf(lines.get(request.line().orElseThrow() - 1)),
        attribution.warnings());
    if (settings.rows() == GitHubSourceSettings.Rows.ADDED) {
      // A row (or unreadable row) counts when the change added its line: its requester is not from before it.
      return attributed.onlyLines(line -> line >= 1 && line <= lines.size()
          && !attribution.requesterOf(lines.get(line - 1)).outsideThisChange());
    }
    return withCheckedContent(repository, attributed);
  }

  /**
   * The rows this push added without a pinned SHA-256, each pinned to the content the check of the pull
   * request it merged saw (hidden in the check's comment), so a file that changed upstream between check
   * and merge is noticed. Only an observation: the run still fetches and scans every row. When the pull
   * requests cannot be read the rows stay unpinned and the run says so.
   */
  private ParsedRequestFile withCheckedContent(GHRepository repository, ParsedRequestFile parsed) {
    if (parsed.requests().stream().noneMatch(GitHubRequestSource::mayHaveBeenChecked)) {
      return parsed;
    }
    List<GHPullRequest> merged;
    TreeMap<Integer, CheckObservations> seen = new TreeMap<>();
    try {
      merged = call("list the pull requests of commit " + settings.shortCommit(), PULL_REQUESTS_READ,
          () -> repository.getCommit(settings.commit()).listPullRequests().toList());
      for (GHPullRequest pull : merged) {
        if (pull.getMergedAt() != null) {
          seen.put(pull.getNumber(), call("read the comments of pull request #" + pull.getNumber(),
              PULL_REQUESTS_READ, () -> PullRequestChecks.observations(pull)));
        }
      }
    } catch (PortException e) {
      LOG.warn("{}: {}", describe(), e.getMessage());
      return parsed.withRequests(r -> r, List.of("what the pull request's check saw is unknown (" + e.getMessage()
          + "); the rows it added are fetched and scanned without comparing with it"));
    }
    if (seen.isEmpty()) {
      return parsed;
    }
    LOG.debug("{}: checks of pull requests {} saw {} row(s)", describe(), seen.keySet(),
        seen.values().stream().mapToInt(CheckObservations::size).sum());
    return parsed.withRequests(request -> {
      if (!mayHaveBeenChecked(request)) {
        return request;
      }
      // The latest pull request's check wins when several merged ones saw the row.
      for (Map.Entry<Integer, CheckObservations> check : seen.descendingMap().entrySet()) {
        Optional<Sha256> sha = check.getValue().sha256Of(request);
        if (sha.isPresent()) {
          return PackageRequest.builder().from(request)
              .checkedContent(CheckedContent.of(sha.get(), "the check of pull request #" + check.getKey()))
              .build();
        }
      }
      return request;
    }, List.of());
  }

  /** A row this push added without a pin: the kind a pull request's check pins to what it saw. */
  private static boolean mayHaveBeenChecked(PackageRequest request) {
    return request.sha256().isEmpty() && !request.requester().outsideThisChange();
  }

  /** The file's bytes at the commit, at most {@link #MAX_BYTES}. */
  private byte[] read(GHRepository repository) throws PortException {
    return files.read(repository, settings.path(), settings.commit(), MAX_BYTES);
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
