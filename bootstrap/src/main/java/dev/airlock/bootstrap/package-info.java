/** Wiring: the {@code airlock} command line, configuration, and the Dagger graph that picks adapters. */
package dev.airlock.bootstrap;
