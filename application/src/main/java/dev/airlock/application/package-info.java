/** Airlock's use cases and the ports they drive; no I/O of its own. */
@ValueStyle
package dev.airlock.application;

import dev.airlock.domain.ValueStyle;
