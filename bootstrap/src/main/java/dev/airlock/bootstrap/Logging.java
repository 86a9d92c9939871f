package dev.airlock.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.airlock.adapter.output.progress.LogProgress;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Sets up Logback for one CLI run, from the injected environment: logs go to the error stream,
 * human-readable by default, one JSON object per line when {@code AIRLOCK_LOG_FORMAT=json} or inside
 * CodeBuild ({@code CODEBUILD_BUILD_ID} set). Every line carries the run id (a context property);
 * lines about one request also carry its key (MDC {@code request}, set by the use case).
 */
public final class Logging {
  /** The environment variable that picks the format: {@code text} or {@code json}. */
  public static final String FORMAT_VARIABLE = "AIRLOCK_LOG_FORMAT";
  /** The logger progress lines go to when logs are JSON; always at INFO so CodeBuild shows them. */
  public static final String PROGRESS_LOGGER = LogProgress.LOGGER_NAME;

  /** The Apache HttpClient 5 loggers (the fetcher's), kept at INFO whatever the level asked for. */
  static final String HTTP_CLIENT_LOGGERS = "org.apache.hc";

  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%property{runId}]%replace( %X{request}){'^ $', ''} %logger{0}: %msg%n";

  private Logging() {}

  /** The chosen format, or a message saying what is wrong with {@code AIRLOCK_LOG_FORMAT}. */
  public static Optional<String> problem(Map<String, String> environment) {
    String format = environment.getOrDefault(FORMAT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    return format.isEmpty() || format.equals("json") || format.equals("text") ? Optional.empty()
        : Optional.of(FORMAT_VARIABLE + " must be text or json, was '" + environment.get(FORMAT_VARIABLE) + "'");
  }

  /** True when logs are one JSON object per line. */
  public static boolean json(Map<String, String> environment) {
    String format = environment.getOrDefault(FORMAT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    if (!format.isEmpty()) {
      return format.equals("json");
    }
    String build = environment.get("CODEBUILD_BUILD_ID");
    return build != null && !build.isBlank();
  }

  /** Replaces any earlier set-up: WARN and above to {@code err}, in the format the environment asks for. */
  public static void configure(Map<String, String> environment, OutputStream err, String runId) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("runId", runId);
    Encoder<ILoggingEvent> encoder = json(environment) ? jsonEncoder(context) : textEncoder(context);
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    // The stream belongs to the caller: stopping the appender must not close it.
    appender.setOutputStream(new FilterOutputStream(err) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    });
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(Level.WARN);
    context.getLogger(PROGRESS_LOGGER).setLevel(Level.INFO);
    // HttpClient's debug lines quote request lines (a signed URL's query) and dump every byte
    // downloaded; no --log-level lowers them.
    context.getLogger(HTTP_CLIENT_LOGGERS).setLevel(Level.INFO);
  }

  /** Sets the level of every logger but progress and HttpClient's: {@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace}. */
  public static void level(String level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.WARN));
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
