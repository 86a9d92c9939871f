/**
 * File helpers the adapters share, on the JDK only: atomic writes (a reader sees the old content or the
 * new, never half) and streams spooled to private, bounded, hashed temporary files.
 */
package dev.airlock.files;
