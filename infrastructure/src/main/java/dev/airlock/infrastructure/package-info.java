/**
 * The AWS CDK app: {@link dev.airlock.infrastructure.AirlockStack} holds the key, artifact bucket, topic
 * and ledger, and its constructs the rest (package store, build network, build project, request pipeline,
 * re-evaluation schedule, pull-request check); cdk-nag checks every synth (see docs/deploy.md).
 */
package dev.airlock.infrastructure;
