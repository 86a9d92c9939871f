/**
 * Airlock's use cases ({@code service}), the ports they offer ({@code port.in}) and drive
 * ({@code port.out}), what both directions share ({@code port}: the fetched artifact and the port
 * failures), what a run produces ({@code result}) and how outcomes are told to people
 * ({@code message}); no I/O of its own. {@code port.in} and {@code port.out} do not depend on each other.
 */
package dev.airlock.application;
