package dev.airlock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Python core metadata says about a package's licence and status: the {@code License-Expression}
 * (PEP 639), else a {@code License} field that is an SPDX expression, else the trove classifiers
 * that name one licence unambiguously, else the {@code License} text as written (which the policy
 * treats as unknown).
 */
public final class DeclaredLicence {
  private static final String INACTIVE = "Development Status :: 7 - Inactive";
  /** Classifiers that name exactly one SPDX licence. "BSD License" names none: BSD has several forms. */
  private static final Map<String, String> CLASSIFIERS = Map.ofEntries(
      Map.entry("License :: OSI Approved :: MIT License", "MIT"),
      Map.entry("License :: OSI Approved :: MIT No Attribution License (MIT-0)", "MIT-0"),
      Map.entry("License :: OSI Approved :: Apache Software License", "Apache-2.0"),
      Map.entry("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
      Map.entry("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
      Map.entry("License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"),
      Map.entry("License :: OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
      Map.entry("License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"),
      Map.entry("License :: OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
      Map.entry("License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"),
      Map.entry("License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)", "LGPL-2.0-only"),
      Map.entry("License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"),
      Map.entry("License :: OSI Approved :: GNU Affero General Public License v3", "AGPL-3.0-only"),
      Map.entry("License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)",
          "AGPL-3.0-or-later"),
      Map.entry("License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"),
      Map.entry("License :: OSI Approved :: zlib/libpng License", "Zlib"),
      Map.entry("License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"));

  private DeclaredLicence() {}

  /** The licence {@code metadata} declares, if it declares one. */
  public static Optional<String> of(CoreMetadata metadata) {
    Optional<String> expression = metadata.first("License-Expression").map(String::strip).filter(l -> !l.isEmpty());
    if (expression.isPresent()) {
      return expression;
    }
    Optional<String> field = metadata.first("License").map(String::strip).filter(l -> !l.isEmpty()
        && !l.equalsIgnoreCase("UNKNOWN"));
    if (field.isPresent() && SpdxExpression.parse(field.get()).isPresent()) {
      return field;
    }
    List<String> licences = new ArrayList<>();
    boolean unmapped = false;
    for (String classifier : metadata.all("Classifier")) {
      if (classifier.startsWith("License :: ")) {
        String id = CLASSIFIERS.get(classifier.strip());
        if (id == null) {
          unmapped = true;
        } else if (!licences.contains(id)) {
          licences.add(id);
        }
      }
    }
    if (!licences.isEmpty() && !unmapped) {
      return Optional.of(String.join(" OR ", licences)); // several licence classifiers: a choice of them
    }
    return field;
  }

  /** Why the project counts as deprecated, when its classifiers mark it inactive. */
  public static Optional<String> deprecation(CoreMetadata metadata) {
    return metadata.all("Classifier").stream().map(String::strip).filter(INACTIVE::equals).findFirst()
        .map(c -> "the project marks itself inactive (" + c + ")");
  }
}
