package dev.capstan.network.evaluation;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A NetworkPolicy parsed once: which pods of its namespace it selects, which directions it isolates
 * (policyTypes, defaulted as the apiserver does), and its rules.
 */
final class CompiledPolicy {

  final String namespace;
  final String name;
  final String ref;
  final LabelSelectorMatcher podSelector;
  final boolean isolatesIngress;
  final boolean isolatesEgress;
  final List<CompiledRule> ingress;
  final List<CompiledRule> egress;

  private CompiledPolicy(NetworkPolicy policy) {
    this.namespace = policy.getMetadata().getNamespace();
    this.name = policy.getMetadata().getName();
    this.ref = namespace + "/" + name;
    NetworkPolicySpec spec = policy.getSpec() == null ? new NetworkPolicySpec() : policy.getSpec();
    this.podSelector = LabelSelectorMatcher.of(spec.getPodSelector());
    List<NetworkPolicyIngressRule> ingressRules = nonNull(spec.getIngress());
    List<NetworkPolicyEgressRule> egressRules = nonNull(spec.getEgress());
    List<String> types = effectivePolicyTypes(spec.getPolicyTypes(), !egressRules.isEmpty());
    this.isolatesIngress = types.contains(Direction.INGRESS.policyType());
    this.isolatesEgress = types.contains(Direction.EGRESS.policyType());
    List<CompiledRule> in = new ArrayList<>();
    for (int i = 0; i < ingressRules.size(); i++) {
      NetworkPolicyIngressRule r = ingressRules.get(i);
      in.add(new CompiledRule(this, Direction.INGRESS, i, peers(r.getFrom()), ports(r.getPorts())));
    }
    List<CompiledRule> out = new ArrayList<>();
    for (int i = 0; i < egressRules.size(); i++) {
      NetworkPolicyEgressRule r = egressRules.get(i);
      out.add(new CompiledRule(this, Direction.EGRESS, i, peers(r.getTo()), ports(r.getPorts())));
    }
    this.ingress = List.copyOf(in);
    this.egress = List.copyOf(out);
  }

  static CompiledPolicy of(NetworkPolicy policy) {
    return new CompiledPolicy(policy);
  }

  /**
   * policyTypes as the apiserver defaults them: when omitted or empty, Ingress, plus Egress if the
   * policy has egress rules.
   */
  static List<String> effectivePolicyTypes(List<String> declared, boolean hasEgressRules) {
    if (declared != null && !declared.isEmpty()) {
      return declared;
    }
    return hasEgressRules
        ? List.of(Direction.INGRESS.policyType(), Direction.EGRESS.policyType())
        : List.of(Direction.INGRESS.policyType());
  }

  boolean selects(PodInfo pod) {
    return namespace.equals(pod.namespace()) && podSelector.matches(pod.labels());
  }

  boolean isolates(Direction direction) {
    return direction == Direction.INGRESS ? isolatesIngress : isolatesEgress;
  }

  /** The rules that count for a direction: none unless the policy isolates that direction. */
  List<CompiledRule> rules(Direction direction) {
    if (!isolates(direction)) {
      return List.of();
    }
    return direction == Direction.INGRESS ? ingress : egress;
  }

  private List<CompiledPeer> peers(List<NetworkPolicyPeer> peers) {
    List<CompiledPeer> out = new ArrayList<>();
    List<NetworkPolicyPeer> list = nonNull(peers);
    for (int i = 0; i < list.size(); i++) {
      out.add(CompiledPeer.of(i, namespace, list.get(i)));
    }
    return out;
  }

  private static List<CompiledPort> ports(List<NetworkPolicyPort> ports) {
    List<CompiledPort> out = new ArrayList<>();
    List<NetworkPolicyPort> list = nonNull(ports);
    for (int i = 0; i < list.size(); i++) {
      out.add(CompiledPort.of(i, list.get(i)));
    }
    return out;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
