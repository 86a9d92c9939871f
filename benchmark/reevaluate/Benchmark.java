import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.adapter.intake.fetch.HttpArtifactFetcher;
import dev.airlock.adapter.output.notify.ConsoleNotifier;
import dev.airlock.adapter.storage.ledger.FileSystemDecisionLedger;
import dev.airlock.adapter.storage.repository.FileSystemPackageRepository;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.in.ReevaluateDecisionsCommand;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.service.ReevaluateDecisionsService;
import dev.airlock.domain.Claim;
import dev.airlock.domain.Decision;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Times {@code airlock reevaluate}'s use case over a file ledger of N decisions: the real
 * {@link ReevaluateDecisionsService}, {@link FileSystemDecisionLedger} and
 * {@link FileSystemPackageRepository} (every approval read back from disk and its SHA-256 checked),
 * with a stub scanner that answers at once, so what is measured is Airlock's own walk: paging,
 * reading, hashing, policy, ledger writes and withdrawals for the few revoked.
 */
public final class Benchmark {

  /** Finds nothing, except a malicious-package report on every package whose number says so. */
  record StubScanner(int revokeEvery) implements SecurityScanner {
    @Override
    public String id() {
      return "stub";
    }

    @Override
    public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) {
      int n = Integer.parseInt(request.name().substring("pkg-".length()));
      return revokeEvery > 0 && n % revokeEvery == 0
          ? List.of(Finding.builder().ruleId("MAL-BENCH-" + n).title("Malicious").severity(Severity.CRITICAL)
              .scanner(id()).build())
          : List.of();
    }
  }

  /** A fetched archive in memory, for seeding the repository. */
  record Bytes(String fileName, byte[] content, Sha256 sha256) implements FetchedArtifact {
    @Override
    public long size() {
      return content.length;
    }

    @Override
    public InputStream openStream() {
      return new java.io.ByteArrayInputStream(content);
    }

    @Override
    public SeekableByteChannel openChannel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int decisions = Integer.parseInt(opts.getOrDefault("decisions", "10000"));
    int refusedEvery = Integer.parseInt(opts.getOrDefault("refused-every", "10"));
    int revokeEvery = Integer.parseInt(opts.getOrDefault("revoke-every", "199"));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "4"));
    int pageSize = Integer.parseInt(opts.getOrDefault("page-size", "200"));
    String scannerKind = opts.getOrDefault("scanner", "stub");

    Path data = Files.createTempDirectory("airlock-reevaluate-bench-");
    try {
      FileSystemDecisionLedger ledger = new FileSystemDecisionLedger(data.resolve("ledger"));
      FileSystemPackageRepository repository = new FileSystemPackageRepository(data.resolve("repository"));
      SeverityPolicy policy = SeverityPolicy.defaultPolicy();
      Instant decidedAt = Instant.parse("2026-11-01T10:00:00Z");
      long seedStart = System.nanoTime();
      int approved = 0;
      int refused = 0;
      for (int i = 1; i <= decisions; i++) {
        String name = "pkg-" + i;
        URI url = URI.create("https://files.pythonhosted.org/packages/x/" + name + "/" + name + "-1.0.0.tar.gz");
        byte[] content = ("archive of " + name).getBytes(StandardCharsets.UTF_8);
        Sha256 sha = Sha256.hashOf(content);
        PackageRequest request = PackageRequest.builder().name(name).url(url).requester(Requester.of("alice")).build();
        Claim claim = new Claim(request.key().withContent(sha), "seed", UUID.randomUUID().toString(), decidedAt,
            decidedAt.plus(Duration.ofHours(1)));
        ledger.claim(claim);
        var decision = Decision.builder().key(claim.key()).packageName(name).requester(request.requester())
            .decidedAt(decidedAt).runId("seed");
        if (refusedEvery > 0 && i % refusedEvery == 0) {
          decision.outcome(ScanVerdict.Outcome.REFUSED).addBlockingFindings(Finding.builder().ruleId("AIRLOCK-EXEC")
              .title("Runs downloaded code").severity(Severity.HIGH).scanner("builtin").build());
          refused++;
        } else {
          ScanVerdict verdict = policy.evaluate(name, List.of(), java.time.LocalDate.of(2026, 11, 1));
          Publication publication = repository.publish(request,
              Distribution.generic(name, "1.0.0", name + "-1.0.0.tar.gz"),
              new Bytes(name + "-1.0.0.tar.gz", content, sha), verdict);
          decision.outcome(ScanVerdict.Outcome.APPROVED).version("1.0.0").publication(publication);
          approved++;
        }
        ledger.record(decision.build(), claim);
      }
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      System.out.printf("seeded %d decisions (%d approved, %d refused) in %.1f s%n", decisions, approved, refused,
          seedSeconds);

      SecurityScanner scanner = switch (scannerKind) {
        case "stub" -> new StubScanner(revokeEvery);
        default -> throw new IllegalArgumentException("--scanner stub (the built-in scanner needs real archives)");
      };
      PrintWriter quiet = new PrintWriter(Writer.nullWriter());
      var service = new ReevaluateDecisionsService(ledger, repository,
          new HttpArtifactFetcher(FetchSettings.defaults()), List.of(scanner), policy,
          (artifact, requested, version) -> Distribution.generic(requested, version, artifact.fileName()),
          List.of(new ConsoleNotifier(quiet)), List.of(), Clock.systemUTC(), concurrency, ProgressListener.none());
      long start = System.nanoTime();
      RunResult result = service.reevaluate(new ReevaluateDecisionsCommand("bench-" + UUID.randomUUID(), false,
          pageSize));
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<RequestOutcome.Status, Long> counts = new java.util.EnumMap<>(RequestOutcome.Status.class);
      result.outcomes().forEach(o -> counts.merge(o.status(), 1L, Long::sum));
      System.out.printf("reevaluate: %d decisions in %.2f s (%.0f decisions/s), concurrency %d, page size %d: %s%n",
          result.outcomes().size(), seconds, result.outcomes().size() / seconds, concurrency, pageSize, counts);
      long again = System.nanoTime();
      RunResult second = service.reevaluate(new ReevaluateDecisionsCommand("bench-2", false, pageSize));
      Map<RequestOutcome.Status, Long> secondCounts = new java.util.EnumMap<>(RequestOutcome.Status.class);
      second.outcomes().forEach(o -> secondCounts.merge(o.status(), 1L, Long::sum));
      System.out.printf("second reevaluate: %d decisions in %.2f s: %s%n", second.outcomes().size(),
          (System.nanoTime() - again) / 1e9, secondCounts);
      if (result.hasErrors() || second.hasErrors()) {
        System.out.println("errors: " + result.outcomes().stream().filter(o -> o.status() == RequestOutcome.Status.ERROR)
            .limit(3).map(o -> o.errorReason().orElse("?")).toList());
        System.exit(1);
      }
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
