package dev.capstan.network.testing;

import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.ContainerPortInfo;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.evaluation.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiler proofs' cluster: the e2e pods a/b/c in x, y (pod CIDR 10.244.0.0/16) and z (pods
 * outside it, 192.168.3.x, to stand in for CIDR destinations), each also serving "metrics" TCP
 * 9090; kube-system with coredns (k8s-app: kube-dns, "dns" UDP 53 and "dns-tcp" TCP 53) and
 * metrics-server; monitoring with prometheus; dns with a custom resolver (app: resolver).
 */
public final class IntentTopology {

  public static final String POD_CIDR = "10.244.0.0/16";

  private IntentTopology() {}

  public static List<NamespaceInfo> namespaces() {
    return List.of(
        NamespaceInfo.of("x", Map.of("ns", "x", "tier", "apps")),
        NamespaceInfo.of("y", Map.of("ns", "y", "tier", "apps")),
        NamespaceInfo.of("z", Map.of("ns", "z", "tier", "edge")),
        NamespaceInfo.of("kube-system", Map.of()),
        NamespaceInfo.of("monitoring", Map.of("purpose", "monitoring")),
        NamespaceInfo.of("dns", Map.of("purpose", "dns")));
  }

  public static List<PodInfo> pods() {
    List<PodInfo> pods = new ArrayList<>();
    String[] prefixes = {"10.244.1.", "10.244.2.", "192.168.3."};
    String[] namespaces = {"x", "y", "z"};
    for (int n = 0; n < 3; n++) {
      for (int p = 0; p < Xyz.PODS.size(); p++) {
        pods.add(
            Xyz.pod(
                namespaces[n],
                Xyz.PODS.get(p),
                prefixes[n] + (p + 1),
                List.of(ContainerPortInfo.of("metrics", 9090, Protocol.TCP))));
      }
    }
    List<ContainerPortInfo> dnsPorts =
        List.of(
            ContainerPortInfo.of("dns", 53, Protocol.UDP),
            ContainerPortInfo.of("dns-tcp", 53, Protocol.TCP));
    pods.add(
        PodInfo.of(
            "kube-system", "coredns", Map.of("k8s-app", "kube-dns"), "10.244.0.10", dnsPorts));
    pods.add(
        PodInfo.of(
            "kube-system",
            "metrics-server",
            Map.of("k8s-app", "metrics-server"),
            "10.244.0.11",
            List.of(ContainerPortInfo.of("https", 443, Protocol.TCP))));
    pods.add(
        PodInfo.of(
            "monitoring", "prometheus", Map.of("app", "prometheus"), "10.244.9.1", List.of()));
    pods.add(PodInfo.of("dns", "resolver", Map.of("app", "resolver"), "10.244.8.1", dnsPorts));
    return pods;
  }

  public static ClusterSnapshot snapshot() {
    return ClusterSnapshot.of(namespaces(), pods(), List.of());
  }
}
