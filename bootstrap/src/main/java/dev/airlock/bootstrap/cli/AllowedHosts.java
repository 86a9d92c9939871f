package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Reads {@code --allow-host} ({@code AIRLOCK_ALLOWED_HOSTS}): the hosts Airlock may contact. */
final class AllowedHosts {
  private AllowedHosts() {}

  /** The listed hosts, each {@code host} or {@code host:port}; the default hosts when none is given. */
  static Set<String> parse(Optional<String> option) {
    if (option.isEmpty()) {
      return Set.copyOf(FetchSettings.DEFAULT_ALLOWED_HOSTS);
    }
    Set<String> hosts = new LinkedHashSet<>();
    Arrays.stream(option.get().split(",")).map(String::strip).filter(h -> !h.isEmpty()).forEach(hosts::add);
    if (hosts.isEmpty()) {
      throw new ConfigurationException("--allow-host names no host");
    }
    for (String host : hosts) {
      if (!host.matches("[A-Za-z0-9.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](:\\d{1,5})?")) {
        throw new ConfigurationException("--allow-host entry '" + host + "' is not host or host:port");
      }
    }
    return hosts;
  }
}
