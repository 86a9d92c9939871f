/** Intake: bringing requests and archives in (the HTTPS fetcher, the CSV request source, the PyPI registry). */
@ValueStyle
package dev.airlock.adapter.intake;

import dev.airlock.domain.ValueStyle;
