/**
 * Adapters for GitHub and GitHub Enterprise Server: the request source ({@code source}), the commit
 * status and comment notifier ({@code notify}), pull-request checks ({@code pullrequest}) and publishing
 * as releases of a private repository ({@code repository}). This package holds what they share: one
 * configured hub4j client ({@link dev.airlock.adapter.github.GitHubClients}) with bounded rate-limit
 * handling, and the mapping of GitHub's errors to {@link dev.airlock.application.port.PortException}s
 * that name the missing permission and never the token.
 */
package dev.airlock.adapter.github;
