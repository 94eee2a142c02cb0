package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import java.util.Objects;

/** A port a container declares; named ports in policies resolve against these. */
public record ContainerPortInfo(String name, int port, Protocol protocol) {

  public ContainerPortInfo {
    Objects.requireNonNull(protocol, "protocol");
  }

  public static ContainerPortInfo of(String name, int port, Protocol protocol) {
    return new ContainerPortInfo(name, port, protocol);
  }
}
