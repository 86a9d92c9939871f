/**
 * What a run tells people and machines: the four run reports ({@code report}), the console notifier
 * ({@code notify}) and the progress displays ({@code progress}).
 */
package dev.airlock.adapter.output;
