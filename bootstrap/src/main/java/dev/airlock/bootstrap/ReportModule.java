package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.airlock.adapter.output.report.FileRunReporter;
import dev.airlock.adapter.output.report.RunInputs;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.SeverityPolicy;
import java.util.List;
import javax.inject.Singleton;

/** The run's reports: written as files into the report folder, from the run's one result. */
@Module
final class ReportModule {
  private ReportModule() {}

  @Provides
  @Singleton
  static RunInputs runInputs(Settings settings, SeverityPolicy policy) {
    return new RunInputs(AppVersion.current(), settings.source(), settings.scanners(), settings.repository(),
        settings.notifiers(), settings.ledger(),
        settings.policyFile().map(Object::toString).orElse("built-in"), policy.threshold().name());
  }

  /** The use cases tell these once the notifiers have been told; a report not written fails the run. */
  @Provides
  static List<RunReporter> reporters(Settings settings, RunOutputs outputs, RunInputs inputs) {
    return List.of(
        new FileRunReporter(outputs.reportDir().orElseGet(() -> settings.dataDir().resolve("reports")), inputs));
  }
}
