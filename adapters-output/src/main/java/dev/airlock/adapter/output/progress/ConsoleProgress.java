package dev.airlock.adapter.output.progress;

import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.domain.PackageRequest;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows what a run is doing with each request. On an interactive terminal ({@link Mode#LIVE}) it
 * keeps one line per request up to date in place ({@code fetching 3.1 MB}, {@code scanning}, ...);
 * elsewhere ({@link Mode#PLAIN}, e.g. CodeBuild) it prints one line per change, in order. Colours
 * only when asked for: the caller decides (terminal and no {@code NO_COLOR}).
 */
public final class ConsoleProgress implements ProgressListener {
  /** How progress is shown. */
  public enum Mode {
    /** One line per change, never rewritten: for logs and pipes. */
    PLAIN,
    /** One line per request, redrawn in place with ANSI cursor movement: for terminals. */
    LIVE
  }

  private static final Duration REDRAW_EVERY = Duration.ofMillis(100);
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final Mode mode;
  private final boolean colour;
  private final Clock clock;
  private final Map<String, String> lines = new LinkedHashMap<>();
  private final Map<String, Long> bytes = new LinkedHashMap<>();
  private int drawn;
  private Instant lastDraw = Instant.MIN;

  public ConsoleProgress(PrintWriter out, Mode mode, boolean colour, Clock clock) {
    this.out = out;
    this.mode = mode;
    this.colour = colour;
    this.clock = clock;
  }

  @Override
  public synchronized void stage(PackageRequest request, RequestStage stage) {
    String name = request.name();
    String text = stage.name().toLowerCase(Locale.ROOT);
    if (stage == RequestStage.SCANNING && bytes.containsKey(name)) {
      text += " (" + megabytes(bytes.get(name)) + " fetched)";
    }
    update(name, paint(text, "\u001b[36m"), true);
  }

  @Override
  public synchronized void fetched(PackageRequest request, long count) {
    bytes.put(request.name(), count);
    if (mode == Mode.LIVE) {
      update(request.name(), paint("fetching " + megabytes(count), "\u001b[36m"), false);
    }
  }

  @Override
  public synchronized void finished(RequestOutcome outcome) {
    String status = outcome.status().name();
    String paint = switch (outcome.status()) {
      case APPROVED -> "\u001b[32m";
      case REFUSED -> "\u001b[31m";
      case ERROR -> "\u001b[33m";
      default -> "\u001b[2m";
    };
    String text = paint("done: " + status, paint) + String.format(Locale.ROOT, " (%.1f s)",
        outcome.duration().toMillis() / 1000.0);
    update(outcome.label(), text, true);
  }

  private void update(String name, String text, boolean always) {
    if (mode == Mode.PLAIN) {
      out.println(name + ": " + text);
      out.flush();
      return;
    }
    lines.put(name, text);
    Instant now = clock.instant();
    if (!always && Duration.between(lastDraw, now).compareTo(REDRAW_EVERY) < 0) {
      return;
    }
    lastDraw = now;
    redraw();
  }

  private void redraw() {
    StringBuilder s = new StringBuilder();
    if (drawn > 0) {
      s.append("\u001b[").append(drawn).append('A');
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    lines.forEach((name, text) -> s.append("\r\u001b[2K")
        .append(String.format(Locale.ROOT, "%-" + width + "s  ", name)).append(text).append('\n'));
    drawn = lines.size();
    out.print(s);
    out.flush();
  }

  private String paint(String text, String code) {
    return colour ? code + text + RESET : text;
  }

  /** {@code 0.3 MB}: one decimal, decimal megabytes. */
  static String megabytes(long count) {
    return String.format(Locale.ROOT, "%.1f MB", count / 1_000_000.0);
  }
}
