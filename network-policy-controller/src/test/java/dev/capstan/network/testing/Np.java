package dev.capstan.network.testing;

import dev.capstan.crds.network.v1alpha1.Protocol;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;

/** Terse NetworkPolicy construction for tables of test cases. */
public final class Np {

  private Np() {}

  public static PolicyBuilder policy(String namespace, String name) {
    return new PolicyBuilder(namespace, name);
  }

  /** A fluent NetworkPolicy; policyTypes stay omitted unless {@link #types} is called. */
  public static final class PolicyBuilder {
    private final String namespace;
    private final String name;
    private LabelSelector podSelector = all();
    private List<String> types;
    private final List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    private final List<NetworkPolicyEgressRule> egress = new ArrayList<>();

    private PolicyBuilder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public PolicyBuilder select(LabelSelector selector) {
      this.podSelector = selector;
      return this;
    }

    public PolicyBuilder types(String... types) {
      this.types = List.of(types);
      return this;
    }

    public PolicyBuilder ingress(NetworkPolicyIngressRule rule) {
      ingress.add(rule);
      return this;
    }

    public PolicyBuilder egress(NetworkPolicyEgressRule rule) {
      egress.add(rule);
      return this;
    }

    public NetworkPolicy build() {
      return new NetworkPolicyBuilder()
          .withNewMetadata()
          .withNamespace(namespace)
          .withName(name)
          .endMetadata()
          .withNewSpec()
          .withPodSelector(podSelector)
          .withPolicyTypes(types)
          .withIngress(ingress)
          .withEgress(egress)
          .endSpec()
          .build();
    }
  }

  public static NetworkPolicyIngressRule from(
      List<NetworkPolicyPeer> peers, NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(peers).withPorts(ports).build();
  }

  public static NetworkPolicyIngressRule fromAny(NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder().withPorts(ports).build();
  }

  public static NetworkPolicyEgressRule to(
      List<NetworkPolicyPeer> peers, NetworkPolicyPort... ports) {
    return new NetworkPolicyEgressRuleBuilder().withTo(peers).withPorts(ports).build();
  }

  public static NetworkPolicyEgressRule toAny(NetworkPolicyPort... ports) {
    return new NetworkPolicyEgressRuleBuilder().withPorts(ports).build();
  }

  public static List<NetworkPolicyPeer> peers(NetworkPolicyPeer... peers) {
    return List.of(peers);
  }

  public static NetworkPolicyPeer pods(LabelSelector pods) {
    return new NetworkPolicyPeerBuilder().withPodSelector(pods).build();
  }

  public static NetworkPolicyPeer namespaces(LabelSelector namespaces) {
    return new NetworkPolicyPeerBuilder().withNamespaceSelector(namespaces).build();
  }

  public static NetworkPolicyPeer namespacesAndPods(LabelSelector namespaces, LabelSelector pods) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(namespaces)
        .withPodSelector(pods)
        .build();
  }

  public static NetworkPolicyPeer ipBlock(String cidr, String... except) {
    return new NetworkPolicyPeerBuilder()
        .withIpBlock(
            new IPBlockBuilder()
                .withCidr(cidr)
                .withExcept(except.length == 0 ? null : List.of(except))
                .build())
        .build();
  }

  public static NetworkPolicyPeer emptyPeer() {
    return new NetworkPolicyPeerBuilder().build();
  }

  public static NetworkPolicyPort port(Protocol protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol.name())
        .withPort(new IntOrString(port))
        .build();
  }

  /** A port without protocol: the apiserver's default is TCP. */
  public static NetworkPolicyPort portWithoutProtocol(int port) {
    return new NetworkPolicyPortBuilder().withPort(new IntOrString(port)).build();
  }

  public static NetworkPolicyPort range(Protocol protocol, int port, int endPort) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol.name())
        .withPort(new IntOrString(port))
        .withEndPort(endPort)
        .build();
  }

  public static NetworkPolicyPort named(Protocol protocol, String name) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol.name())
        .withPort(new IntOrString(name))
        .build();
  }

  public static NetworkPolicyPort anyPort(Protocol protocol) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol.name()).build();
  }

  public static LabelSelector all() {
    return new LabelSelectorBuilder().build();
  }

  public static LabelSelector labels(String key, String value) {
    return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
  }

  public static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .withMatchExpressions(
            new LabelSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values.length == 0 ? null : List.of(values))
                .build())
        .build();
  }
}
