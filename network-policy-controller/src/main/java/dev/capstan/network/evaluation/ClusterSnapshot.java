package dev.capstan.network.evaluation;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the evaluator reads: namespaces with labels, pods, NetworkPolicy objects. Pods of a
 * namespace that is not listed count as in a namespace with only the name label.
 */
public final class ClusterSnapshot {

  private final Map<String, NamespaceInfo> namespaces;
  private final List<PodInfo> pods;
  private final Map<String, PodInfo> podsByKey;
  private final List<NetworkPolicy> policies;

  private ClusterSnapshot(
      Collection<NamespaceInfo> namespaces,
      Collection<PodInfo> pods,
      Collection<NetworkPolicy> policies) {
    Map<String, NamespaceInfo> ns = new LinkedHashMap<>();
    namespaces.forEach(n -> ns.put(n.name(), n));
    Map<String, PodInfo> byKey = new LinkedHashMap<>();
    for (PodInfo pod : pods) {
      if (byKey.put(pod.key(), pod) != null) {
        throw new IllegalArgumentException("two pods named " + pod.key());
      }
      ns.putIfAbsent(pod.namespace(), NamespaceInfo.of(pod.namespace(), Map.of()));
    }
    this.namespaces = Map.copyOf(ns);
    this.pods = List.copyOf(pods);
    this.podsByKey = byKey;
    this.policies = List.copyOf(policies);
  }

  public static ClusterSnapshot of(
      Collection<NamespaceInfo> namespaces,
      Collection<PodInfo> pods,
      Collection<NetworkPolicy> policies) {
    return new ClusterSnapshot(namespaces, pods, policies);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Collection<NamespaceInfo> namespaces() {
    return namespaces.values();
  }

  public Optional<NamespaceInfo> namespace(String name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  /** The labels of a namespace; the name label alone when the namespace is unknown. */
  public Map<String, String> namespaceLabels(String name) {
    NamespaceInfo ns = namespaces.get(name);
    return ns == null ? NamespaceInfo.of(name, Map.of()).labels() : ns.labels();
  }

  public List<PodInfo> pods() {
    return pods;
  }

  /** The pod namespace/name, if present. */
  public Optional<PodInfo> pod(String key) {
    return Optional.ofNullable(podsByKey.get(key));
  }

  public List<NetworkPolicy> policies() {
    return policies;
  }

  /** The same pods and namespaces with other policies. */
  public ClusterSnapshot withPolicies(Collection<NetworkPolicy> otherPolicies) {
    return new ClusterSnapshot(namespaces.values(), pods, otherPolicies);
  }

  /** Collects namespaces, pods and policies in order. */
  public static final class Builder {
    private final List<NamespaceInfo> namespaces = new ArrayList<>();
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();

    public Builder namespace(NamespaceInfo namespace) {
      namespaces.add(namespace);
      return this;
    }

    public Builder namespace(String name, Map<String, String> labels) {
      return namespace(NamespaceInfo.of(name, labels));
    }

    public Builder pod(PodInfo pod) {
      pods.add(pod);
      return this;
    }

    public Builder policy(NetworkPolicy policy) {
      policies.add(policy);
      return this;
    }

    public Builder policies(Collection<NetworkPolicy> more) {
      policies.addAll(more);
      return this;
    }

    public ClusterSnapshot build() {
      return new ClusterSnapshot(namespaces, pods, policies);
    }
  }
}
