package dev.airlock.application.testing;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.ClaimRules;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DecisionLedger} in memory that keeps the domain's {@link ClaimRules}, as the shared ledgers
 * do ({@link DecisionLedgerContract} holds it to them): a claim succeeds only on an undecided key with
 * no live claim, only the holder records, a lapsed claim can be taken over. Records every decision, claim and release, and can be told to fail recording.
 * Thread-safe: every change happens under one lock, as one conditional write would.
 */
public final class InMemoryDecisionLedger implements DecisionLedger {
  private final Map<DecisionKey, Decision> decisions = new HashMap<>();
  private final Map<RequestKey, Decision> latest = new HashMap<>();
  private final Map<DecisionKey, Claim> claims = new HashMap<>();
  private final Map<DecisionKey, List<Decision>> histories = new HashMap<>();
  private final List<Decision> replacements = new CopyOnWriteArrayList<>();
  private final List<Integer> pageSizes = new CopyOnWriteArrayList<>();
  private final List<Decision> recorded = new CopyOnWriteArrayList<>();
  private final List<Claim> granted = new CopyOnWriteArrayList<>();
  private final List<Claim> released = new CopyOnWriteArrayList<>();
  private final Map<String, RunNote> notes = new HashMap<>();
  private volatile PortException recordFailure;

  /** Makes every later record fail with {@code failure}; {@code null} makes it work again. */
  public InMemoryDecisionLedger failRecordWith(PortException failure) {
    this.recordFailure = failure;
    return this;
  }

  /** Pretends {@code decision} was recorded by an earlier run. */
  public synchronized InMemoryDecisionLedger preload(Decision decision) {
    decisions.put(decision.key(), decision);
    latest.merge(decision.key().request(), decision, InMemoryDecisionLedger::later);
    return this;
  }

  /** Pretends another run holds {@code claim}. */
  public synchronized InMemoryDecisionLedger preloadClaim(Claim claim) {
    claims.put(claim.key(), claim);
    return this;
  }

  @Override
  public synchronized Optional<Decision> find(DecisionKey key) {
    return Optional.ofNullable(decisions.get(key));
  }

  @Override
  public synchronized Optional<Decision> findLatest(RequestKey key) {
    return Optional.ofNullable(latest.get(key));
  }

  @Override
  public synchronized ClaimResult claim(Claim claim) {
    ClaimResult result = ClaimRules.claim(claim, find(claim.key()), Optional.ofNullable(claims.get(claim.key())));
    if (result instanceof ClaimResult.Claimed) {
      claims.put(claim.key(), claim);
      granted.add(claim);
    }
    return result;
  }

  @Override
  public synchronized void record(Decision decision, Claim claim) throws PortException {
    if (!decision.key().equals(claim.key())) {
      throw new IllegalArgumentException("decision " + decision.key() + " is not for the claimed " + claim.key());
    }
    if (recordFailure != null) {
      throw recordFailure;
    }
    Optional<ClaimRules.Lost> lost = ClaimRules.recordRefusal(claim, find(claim.key()),
        Optional.ofNullable(claims.get(claim.key())));
    if (lost.isPresent()) {
      throw new ClaimLostException(lost.get().reason(), lost.get().holderRunId());
    }
    claims.remove(claim.key());
    decisions.put(decision.key(), decision);
    latest.merge(decision.key().request(), decision, InMemoryDecisionLedger::later);
    recorded.add(decision);
  }

  @Override
  public synchronized void release(Claim claim) {
    if (ClaimRules.releases(claim, find(claim.key()), Optional.ofNullable(claims.get(claim.key())))) {
      claims.remove(claim.key());
      released.add(claim);
    }
  }

  @Override
  public synchronized DecisionPage list(ScanVerdict.Outcome outcome, Optional<String> pageToken, int limit) {
    List<Decision> matching = decisions.values().stream().filter(d -> d.outcome() == outcome)
        .sorted(Comparator.comparing(InMemoryDecisionLedger::order)).toList();
    List<Decision> page = new ArrayList<>();
    for (Decision d : matching) {
      if (pageToken.isPresent() && order(d).compareTo(pageToken.get()) <= 0) {
        continue;
      }
      page.add(d);
      if (page.size() == limit) {
        pageSizes.add(page.size());
        return new DecisionPage(page, Optional.of(order(d)));
      }
    }
    pageSizes.add(page.size());
    return DecisionPage.last(page);
  }

  @Override
  public synchronized void replace(Decision current, Decision replacement) throws PortException {
    Decision now = decisions.get(current.key());
    if (now == null || !now.sameAs(current)) {
      String by = now == null ? "unknown" : now.runId();
      throw new ClaimLostException("the decision on " + current.key() + " changed since it was read (now "
          + (now == null ? "none" : now.outcome() + " by run " + by) + ")", by);
    }
    histories.computeIfAbsent(current.key(), k -> new ArrayList<>()).add(current);
    decisions.put(replacement.key(), replacement);
    latest.merge(replacement.key().request(), replacement, InMemoryDecisionLedger::later);
    replacements.add(replacement);
  }

  @Override
  public synchronized List<Decision> history(DecisionKey key) {
    return List.copyOf(histories.getOrDefault(key, List.of()));
  }

  @Override
  public synchronized void note(RunNote note) {
    String key = noteKey(note.runId(), note.line(), note.request());
    if (note.mayReplace(Optional.ofNullable(notes.get(key)))) {
      notes.put(key, note);
    }
  }

  @Override
  public synchronized Optional<RunNote> findNote(String runId, int line, RequestKey request) {
    return Optional.ofNullable(notes.get(noteKey(runId, line, request)));
  }

  /** Every note kept, in no particular order. */
  public synchronized List<RunNote> notes() {
    return List.copyOf(notes.values());
  }

  private static String noteKey(String runId, int line, RequestKey request) {
    return runId + "|" + line + "|" + request.normalisedName() + "|" + request.url();
  }

  /** Every decision put in place through {@link #replace}, in order. */
  public List<Decision> replacements() {
    return List.copyOf(replacements);
  }

  /** How many decisions each page handed out held, in order. */
  public List<Integer> pageSizes() {
    return List.copyOf(pageSizes);
  }

  private static String order(Decision d) {
    return d.key().request().normalisedName() + "|" + d.key().request().url() + "|" + d.key().sha256().hex();
  }

  /** Every decision recorded through {@link #record}, in order (preloaded ones excluded). */
  public List<Decision> recorded() {
    return List.copyOf(recorded);
  }

  /** Every claim granted, in order (takeovers included). */
  public List<Claim> granted() {
    return List.copyOf(granted);
  }

  /** Every claim given up through {@link #release}. */
  public List<Claim> released() {
    return List.copyOf(released);
  }

  /** The claims still held: granted, neither recorded nor released. */
  public synchronized List<Claim> openClaims() {
    return List.copyOf(claims.values());
  }

  private static Decision later(Decision a, Decision b) {
    return b.decidedAt().isBefore(a.decidedAt()) ? a : b;
  }
}
