package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/** A pod as NetworkPolicy sees it: where it is, its labels, its IP and its container ports. */
public record PodInfo(
    String namespace,
    String name,
    Map<String, String> labels,
    String ip,
    boolean hostNetwork,
    List<ContainerPortInfo> ports) {

  public PodInfo {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  public static PodInfo of(
      String namespace,
      String name,
      Map<String, String> labels,
      String ip,
      List<ContainerPortInfo> ports) {
    return new PodInfo(namespace, name, labels, ip, false, ports);
  }

  /**
   * From a fabric8 Pod: the ports of its containers and of its sidecar init containers
   * (restartPolicy Always); a port without protocol is TCP.
   */
  public static PodInfo from(Pod pod) {
    List<ContainerPortInfo> ports = new ArrayList<>();
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec() != null) {
      containers.addAll(pod.getSpec().getContainers());
      pod.getSpec().getInitContainers().stream()
          .filter(c -> "Always".equals(c.getRestartPolicy()))
          .forEach(containers::add);
    }
    for (Container c : containers) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getContainerPort() == null) {
          continue;
        }
        Protocol protocol =
            p.getProtocol() == null ? Protocol.TCP : Protocol.valueOf(p.getProtocol());
        ports.add(new ContainerPortInfo(p.getName(), p.getContainerPort(), protocol));
      }
    }
    boolean hostNetwork =
        pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return new PodInfo(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getLabels(),
        ip,
        hostNetwork,
        ports);
  }

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The number of the container port with this name and protocol, if the pod declares one. */
  public OptionalInt resolvePort(String portName, Protocol protocol) {
    for (ContainerPortInfo p : ports) {
      if (portName.equals(p.name()) && p.protocol() == protocol) {
        return OptionalInt.of(p.port());
      }
    }
    return OptionalInt.empty();
  }

  public PodInfo withHostNetwork(boolean hostNetwork) {
    return new PodInfo(namespace, name, labels, ip, hostNetwork, ports);
  }
}
