/**
 * Wiring: the {@code airlock} command line ({@code cli}, picocli, its options from the configuration
 * catalogue), the settings resolved from options and {@code AIRLOCK_*} variables ({@code config}), and
 * the Dagger components that pick the adapters those settings name.
 */
@ValueStyle
package dev.airlock.bootstrap;

import dev.airlock.domain.ValueStyle;
