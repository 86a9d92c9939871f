/**
 * Airlock's use cases ({@code service}) and the ports they offer ({@code port.in}) and drive
 * ({@code port.out}); no I/O of its own.
 */
package dev.airlock.application;
