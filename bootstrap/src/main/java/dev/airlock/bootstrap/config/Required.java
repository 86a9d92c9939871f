package dev.airlock.bootstrap.config;

import dev.airlock.configuration.Setting;
import java.util.Optional;

/** Settings an adapter cannot do without, checked when the adapter is built, with messages from the catalogue. */
public final class Required {
  private Required() {}

  /**
   * {@code value}, or a configuration error naming the setting's option and every variable that can
   * set it: "--dynamodb-table (or AIRLOCK_DYNAMODB_TABLE) is required for --ledger dynamodb".
   */
  public static String value(Optional<String> value, Setting setting, String why) {
    return value.filter(v -> !v.isBlank()).orElseThrow(() -> ConfigurationException.badValue(
        where(setting) + " is required " + why));
  }

  /** The setting's option and the variables that set it, as messages name them. */
  public static String where(Setting setting) {
    StringBuilder text = new StringBuilder(setting.optionOrVariable());
    if (!setting.fallbackVariables().isEmpty()) {
      text.setLength(0);
      text.append(setting.option().map(o -> o + " (or " + setting.variable()).orElse("(" + setting.variable()));
      setting.fallbackVariables().forEach(v -> text.append(", or ").append(v));
      text.append(')');
    }
    return text.toString();
  }
}
