/**
 * Airlock's domain: value types and rules with no I/O, usable on their own as a plain jar.
 *
 * <p>Start with {@link dev.airlock.domain.SeverityPolicy} to decide on a list of
 * {@link dev.airlock.domain.Finding}s, and {@link dev.airlock.domain.RequestFileParser} to read a
 * request file.
 */
@ValueStyle
package dev.airlock.domain;
