package dev.airlock.configuration;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One setting of the {@code airlock} command: its option (if it has one), the {@code AIRLOCK_*}
 * variable that sets it when the option is not given, what kind of value it takes, its choices,
 * default, help text and topic, and the commands that take it.
 */
@Value.Immutable
public abstract class Setting {

  /** The kind of value a setting takes; the CLI parses and checks each kind one way. */
  public enum Kind {
    /** Free text. */
    TEXT,
    /** Text that is a secret: never printed. */
    SECRET,
    /** A file or folder. */
    PATH,
    /** One of {@link #choices()}. */
    CHOICE,
    /** A comma-separated list of {@link #choices()}. */
    CHOICES,
    /** A comma-separated list of free text. */
    LIST,
    /** {@code 24h}, {@code 30m}, {@code 7d}, {@code 90s} or ISO-8601 ({@code PT30M}). */
    DURATION,
    /** Bytes, or with {@code KiB}, {@code MiB}, {@code GiB}. */
    SIZE,
    /** A whole number. */
    COUNT,
    /** On when given (or {@code true} in the variable). */
    FLAG
  }

  /** The commands that take settings. */
  public enum Command { RUN, CHECK, SCAN, REEVALUATE, POLICY_CHECK }

  /** The long option, {@code --source}; empty for a setting read from the environment only. */
  public abstract Optional<String> option();

  /** A short form of the option, {@code -v}. */
  public abstract Optional<String> shortOption();

  /** The environment variable that sets it when the option is not given. */
  public abstract String variable();

  /** Variables read, in order, when {@link #variable()} is not set (CodeBuild's own, say). */
  public abstract List<String> fallbackVariables();

  public abstract Kind kind();

  /** The names a {@link Kind#CHOICE} or {@link Kind#CHOICES} setting accepts, in the order help lists them. */
  public abstract List<String> choices();

  /** The value used when neither the option nor a variable gives one, written as a user would. */
  public abstract Optional<String> defaultValue();

  /** How help describes the default when it is not a plain value ("refuse at MEDIUM or above"). */
  public abstract Optional<String> defaultDescription();

  /** What help shows as the option's value ({@code DURATION}, {@code DIR}). */
  @Value.Default
  public String label() {
    return switch (kind()) {
      case CHOICE -> String.join("|", choices());
      case CHOICES, LIST -> "LIST";
      case PATH -> "PATH";
      case DURATION -> "DURATION";
      case SIZE -> "SIZE";
      case COUNT -> "N";
      case TEXT, SECRET, FLAG -> "VALUE";
    };
  }

  /** What one value of a {@link Kind#CHOICE} or {@link Kind#CHOICES} setting is called in messages ("scanner"). */
  @Value.Default
  public String noun() {
    return "value";
  }

  /** What the setting does, one or two sentences. */
  public abstract String help();

  public abstract Topic topic();

  /** The commands that take it. */
  public abstract Set<Command> commands();

  /** The name a person uses for it: its option, else its variable. */
  public String displayName() {
    return option().orElse(variable());
  }

  /** "--source (or AIRLOCK_SOURCE)", for messages that say where a value comes from. */
  public String optionOrVariable() {
    return option().map(o -> o + " (or " + variable() + ")").orElse(variable());
  }

  /** How help describes the default, if there is one. */
  public Optional<String> describedDefault() {
    return defaultDescription().or(this::defaultValue);
  }

  @Value.Check
  protected void check() {
    option().ifPresent(o -> require(o.matches("--[a-z][a-z0-9-]+"), "option '" + o + "' is not --lower-case-words"));
    shortOption().ifPresent(o -> require(o.matches("-[a-zA-Z]"), "short option '" + o + "' is not -x"));
    require(variable().matches("AIRLOCK_[A-Z0-9_]+"), "variable '" + variable() + "' is not AIRLOCK_UPPER_CASE");
    boolean choosing = kind() == Kind.CHOICE || kind() == Kind.CHOICES;
    require(choosing == !choices().isEmpty(), variable() + ": choices are for CHOICE and CHOICES settings only");
    require(!help().isBlank(), variable() + " needs help text");
    require(!commands().isEmpty() || option().isEmpty(), variable() + ": an option belongs to some command");
    require(kind() != Kind.SECRET || option().isEmpty(), variable() + ": a secret is never an option (it would show in ps)");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Setting}. */
  public static final class Builder extends ImmutableSetting.Builder {}
}
