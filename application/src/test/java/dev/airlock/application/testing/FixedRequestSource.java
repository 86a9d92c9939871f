package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RequestFileParser;
import dev.airlock.domain.RowError;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RequestSource} that always returns the same requests and bad rows, or always fails. */
public final class FixedRequestSource implements RequestSource {
  /** What every fixed source describes itself as. */
  public static final String DESCRIPTION = "test/requests.csv";

  private final ParsedRequestFile parsed;
  private final PortException failure;
  private final AtomicInteger loads = new AtomicInteger();

  private FixedRequestSource(ParsedRequestFile parsed, PortException failure) {
    this.parsed = parsed;
    this.failure = failure;
  }

  /** A source holding these requests, in this order, and no bad rows. */
  public static FixedRequestSource of(PackageRequest... requests) {
    return of(List.of(requests), List.of());
  }

  /** A source holding these requests and bad rows, in this order. */
  public static FixedRequestSource of(List<PackageRequest> requests, List<RowError> errors) {
    List<PackageRequest> fixedRequests = List.copyOf(requests);
    List<RowError> fixedErrors = List.copyOf(errors);
    return new FixedRequestSource(new ParsedRequestFile() {
      @Override
      public List<PackageRequest> requests() {
        return fixedRequests;
      }

      @Override
      public List<dev.airlock.domain.ReleaseRequest> releases() {
        return List.of();
      }

      @Override
      public List<RowError> errors() {
        return fixedErrors;
      }
    }, null);
  }

  /** A source holding what the domain's parser reads from {@code csv}. */
  public static FixedRequestSource parsing(String csv) {
    return new FixedRequestSource(new RequestFileParser().parse(csv), null);
  }

  /** A source that returns exactly {@code parsed} (requests, bad rows and warnings). */
  public static FixedRequestSource holding(ParsedRequestFile parsed) {
    return new FixedRequestSource(parsed, null);
  }

  /** A source that cannot be read. */
  public static FixedRequestSource failingWith(PortException failure) {
    return new FixedRequestSource(null, failure);
  }

  @Override
  public String describe() {
    return DESCRIPTION;
  }

  @Override
  public ParsedRequestFile load() throws PortException {
    loads.incrementAndGet();
    if (failure != null) {
      throw failure;
    }
    return parsed;
  }

  /** How many times {@link #load()} was called. */
  public int loads() {
    return loads.get();
  }
}
