package dev.airlock.bootstrap.config;

import dev.airlock.domain.PolicyRules;
import dev.airlock.scanner.BuiltinScanner;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The rule ids Airlock itself defines, which a policy's waivers may name: the built-in scanner's and the policy's own. */
final class KnownRules {
  private KnownRules() {}

  static Set<String> ids() {
    Set<String> ids = new LinkedHashSet<>(BuiltinScanner.ruleIds());
    ids.addAll(PolicyRules.IDS);
    return Collections.unmodifiableSet(ids);
  }
}
