/**
 * Reads the entries of a zip, wheel, tar or tar.gz archive as streams, never extracting anything, within
 * limits that make an archive bomb an error rather than a full disk; nested archives are opened in place.
 * A plain library (see the module's README): it knows nothing of Airlock's use cases.
 */
package dev.airlock.archive;
