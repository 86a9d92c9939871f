/** Wiring: the {@code airlock} command line, configuration, and the Dagger graph that picks adapters. */
@ValueStyle
package dev.airlock.bootstrap;

import dev.airlock.domain.ValueStyle;
