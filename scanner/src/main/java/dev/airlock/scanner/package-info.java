/**
 * Airlock's built-in offline scanner as a plain library: {@code scan(name, archive)} returns findings from
 * the pattern rules of {@code rules.yaml}, the coded checks and the popular-names list, weighted by where
 * the matching code runs (see the module's README and docs/rules.md).
 */
package dev.airlock.scanner;
