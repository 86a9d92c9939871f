/**
 * Adapters for GitHub and GitHub Enterprise Server: request source, commit status, private-repository
 * publishing. This package holds what they share: one configured hub4j client ({@link
 * dev.airlock.adapter.github.GitHubClients}) with bounded rate-limit handling, and the mapping of
 * GitHub's errors to {@link dev.airlock.application.port.PortException}s that name the missing
 * permission and never the token.
 */
package dev.airlock.adapter.github;
