/**
 * Pull requests of the request repository: reading one for a check, and (later) the verdicts a
 * check leaves on it.
 */
package dev.airlock.adapter.github.pullrequest;
