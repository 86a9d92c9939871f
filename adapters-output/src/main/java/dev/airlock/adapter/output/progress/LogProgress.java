package dev.airlock.adapter.output.progress;

import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.domain.PackageRequest;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress as log lines (logger {@value #LOGGER_NAME}, INFO), for when logs are JSON and a plain
 * progress line would break the one-object-per-line stream. The use case's log context adds the run
 * id and request key to each line.
 */
public final class LogProgress implements ProgressListener {
  /** The logger progress is written to. */
  public static final String LOGGER_NAME = "airlock.progress";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  @Override
  public void stage(PackageRequest request, RequestStage stage) {
    LOG.info("{}: {}", request.name(), stage.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void finished(RequestOutcome outcome) {
    LOG.info("{}: done: {} ({} ms)", outcome.label(), outcome.status(), outcome.duration().toMillis());
  }
}
