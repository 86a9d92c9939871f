/**
 * Adapters for AWS services, on the AWS SDK for Java v2: CodeGuru Security scanner, CodeArtifact
 * repository, SNS notifier and Secrets Manager token lookup. Every client is built by bootstrap from
 * the SDK's default chain (region, credentials, retries, {@code AWS_ENDPOINT_URL_*}).
 */
package dev.airlock.adapter.aws;
