/**
 * Adapters for GitHub and GitHub Enterprise Server: request source, commit status, private-repository publishing.
 *
 * <p>Empty in this build: the CLI accepts these adapters' names and options and answers that they
 * are not available yet.
 */
package dev.airlock.adapter.github;
