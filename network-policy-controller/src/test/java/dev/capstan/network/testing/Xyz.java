package dev.capstan.network.testing;

import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.ContainerPortInfo;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.evaluation.PodInfo;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes e2e netpol topology: namespaces x, y, z (labelled ns: name), pods a, b, c in each
 * (labelled pod: name) serving ports 80 and 81 on TCP, UDP and SCTP, named serve-80-tcp etc. Pod
 * IPs are 10.1.0.1-3 in x, 10.2.0.1-3 in y, 10.3.0.1-3 in z.
 */
public final class Xyz {

  public static final List<String> NAMESPACES = List.of("x", "y", "z");
  public static final List<String> PODS = List.of("a", "b", "c");

  private Xyz() {}

  public static List<NamespaceInfo> namespaces() {
    return NAMESPACES.stream().map(ns -> NamespaceInfo.of(ns, Map.of("ns", ns))).toList();
  }

  public static List<PodInfo> pods() {
    List<PodInfo> pods = new ArrayList<>();
    for (int n = 0; n < NAMESPACES.size(); n++) {
      for (int p = 0; p < PODS.size(); p++) {
        pods.add(pod(NAMESPACES.get(n), PODS.get(p), "10." + (n + 1) + ".0." + (p + 1), List.of()));
      }
    }
    return pods;
  }

  /** A pod of the topology, with extra container ports. */
  public static PodInfo pod(String ns, String name, String ip, List<ContainerPortInfo> extra) {
    List<ContainerPortInfo> ports = new ArrayList<>(servePorts());
    ports.addAll(extra);
    return PodInfo.of(ns, name, Map.of("pod", name), ip, ports);
  }

  public static List<ContainerPortInfo> servePorts() {
    List<ContainerPortInfo> ports = new ArrayList<>();
    for (int port : List.of(80, 81)) {
      for (Protocol protocol : Protocol.values()) {
        ports.add(
            ContainerPortInfo.of(
                "serve-" + port + "-" + protocol.name().toLowerCase(), port, protocol));
      }
    }
    return ports;
  }

  public static ClusterSnapshot snapshot(List<NetworkPolicy> policies) {
    return ClusterSnapshot.of(namespaces(), pods(), policies);
  }
}
