/**
 * Adapters for AWS services (AWS SDK for Java v2): CodeGuru Security, Inspector, CodeArtifact, SNS, Secrets Manager, DynamoDB.
 *
 * <p>Empty in this build: the CLI accepts these adapters' names and options and answers that they
 * are not available yet.
 */
package dev.airlock.adapter.aws;
