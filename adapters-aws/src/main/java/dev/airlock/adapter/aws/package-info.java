/**
 * Adapters for AWS services, on the AWS SDK for Java v2: the Amazon Inspector SBOM and CodeGuru
 * Security scanners, the CodeArtifact repository (pypi, npm and generic formats), the SNS notifier, the
 * Secrets Manager token lookup and the DynamoDB decision ledger, one package each. Every client is built
 * by bootstrap from the SDK's default chain (region, credentials, retries, {@code AWS_ENDPOINT_URL_*}).
 */
package dev.airlock.adapter.aws;
