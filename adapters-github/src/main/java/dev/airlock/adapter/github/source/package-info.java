/**
 * The GitHub request source: the request file at the commit that started the run, each row
 * attributed to the author of the pushed commit that added it.
 */
package dev.airlock.adapter.github.source;
