/**
 * The scanners that run on this machine, as {@code SecurityScanner}s: the built-in scanner over the
 * {@code scanner} library ({@code builtin}) and the SARIF command scanner ({@code sarif}); and the
 * distribution reader that names an archive from its own metadata ({@code distribution}).
 */
package dev.airlock.adapter.scan;
