package dev.capstan.network.runtime;

import dev.capstan.network.ip.Cidr;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The controller's view of the cluster network: {@code capstan.network.pod-cidrs}, the pod CIDRs
 * (comma separated) that generated ipBlocks must never target and lint flags; empty when unset.
 */
@Singleton
public class NetworkSettings {

  private final List<Cidr> podCidrs;

  public NetworkSettings(
      @ConfigProperty(name = "capstan.network.pod-cidrs") Optional<List<String>> podCidrs) {
    this.podCidrs =
        podCidrs.orElse(List.of()).stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(
                s ->
                    Cidr.parse(s)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "capstan.network.pod-cidrs: not a CIDR: " + s)))
            .toList();
  }

  public List<Cidr> podCidrs() {
    return podCidrs;
  }
}
