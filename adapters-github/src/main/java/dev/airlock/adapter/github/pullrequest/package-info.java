/**
 * Pull requests of the request repository: reading one for a check, the check's one comment and
 * {@code airlock/check} status on it, and what the check saw, read back by the run on the merge.
 */
package dev.airlock.adapter.github.pullrequest;
