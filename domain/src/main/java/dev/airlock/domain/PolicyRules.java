package dev.airlock.domain;

import java.util.List;

/**
 * The rule ids of the policy's own checks (supply-chain facts rather than scanner findings). Their
 * findings come from scanner {@value #SCANNER}; waivers may name them like any rule.
 */
public final class PolicyRules {
  /** The scanner id policy findings carry. */
  public static final String SCANNER = "policy";
  /** The declared licence is on the deny list. */
  public static final String LICENSE_DENIED = "AIRLOCK-POLICY-LICENSE-DENIED";
  /** The declared licence is not on the allow list. */
  public static final String LICENSE_NOT_ALLOWED = "AIRLOCK-POLICY-LICENSE-NOT-ALLOWED";
  /** The package declares no licence, or not as an SPDX expression. */
  public static final String LICENSE_UNKNOWN = "AIRLOCK-POLICY-LICENSE-UNKNOWN";
  /** The registry yanked the release. */
  public static final String YANKED = "AIRLOCK-POLICY-YANKED";
  /** The release or project is deprecated. */
  public static final String DEPRECATED = "AIRLOCK-POLICY-DEPRECATED";

  /**
   * The release is younger than the minimum release age: the finding of a DEFERRED verdict. Not
   * waivable (exempt the package instead), so not among {@link #IDS}.
   */
  public static final String RELEASE_AGE = "AIRLOCK-POLICY-RELEASE-AGE";

  /** Every policy rule id. */
  public static final List<String> IDS = List.of(LICENSE_DENIED, LICENSE_NOT_ALLOWED, LICENSE_UNKNOWN, YANKED,
      DEPRECATED);

  private PolicyRules() {}
}
