package dev.capstan.network.lint;

import dev.capstan.network.ip.Cidr;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Flags risky raw NetworkPolicy objects (pure; no pods needed):
 *
 * <ul>
 *   <li>{@code DEFAULT_DENY_EGRESS_WITHOUT_DNS}: a policy isolates egress, and no egress rule of a
 *       policy of the same namespace that selects all those pods (same or empty podSelector) allows
 *       UDP 53 and TCP 53. Named ports are not resolved, so a rule that allows DNS only by port
 *       name is reported too.
 *   <li>{@code IMPLICIT_POLICY_TYPES}: policyTypes left out. With egress rules the apiserver makes
 *       it [Ingress, Egress], so an "egress-only" policy also denies ingress; with no rules at all
 *       it is an ingress default-deny, never an egress one.
 *   <li>{@code PORT_53_WITHOUT_PROTOCOL}: port 53 without protocol means TCP only.
 *   <li>{@code IP_BLOCK_COVERS_POD_CIDR}: an ipBlock overlapping a configured pod CIDR that its
 *       excepts do not remove.
 *   <li>{@code END_PORT_USED}: endPort, which CNIs without support ignore (applying only port); an
 *       error when the range is invalid.
 * </ul>
 */
public final class NetworkPolicyLinter {

  private final List<Cidr> podCidrs;

  public NetworkPolicyLinter(List<Cidr> podCidrs) {
    this.podCidrs = List.copyOf(podCidrs);
  }

  public List<Finding> lint(List<NetworkPolicy> policies) {
    List<Finding> findings = new ArrayList<>();
    for (NetworkPolicy policy : policies) {
      lintOne(policy, policies, findings);
    }
    return findings;
  }

  private void lintOne(NetworkPolicy policy, List<NetworkPolicy> all, List<Finding> findings) {
    String ref = ref(policy);
    NetworkPolicySpec spec = spec(policy);
    List<NetworkPolicyIngressRule> ingress = nonNull(spec.getIngress());
    List<NetworkPolicyEgressRule> egress = nonNull(spec.getEgress());
    boolean typesOmitted = spec.getPolicyTypes() == null || spec.getPolicyTypes().isEmpty();
    if (typesOmitted && !egress.isEmpty()) {
      findings.add(
          new Finding(
              Finding.Code.IMPLICIT_POLICY_TYPES,
              Finding.Severity.WARNING,
              ref,
              "spec.policyTypes",
              "egress rules without policyTypes: the apiserver sets [Ingress, Egress], so this"
                  + " policy also isolates ingress of its pods"
                  + (ingress.isEmpty() ? " and, having no ingress rules, denies all of it" : "")
                  + "; set policyTypes: [Egress] if only egress is meant"));
    } else if (typesOmitted && ingress.isEmpty()) {
      findings.add(
          new Finding(
              Finding.Code.IMPLICIT_POLICY_TYPES,
              Finding.Severity.WARNING,
              ref,
              "spec.policyTypes",
              "no rules and no policyTypes: this denies ingress only; an egress default-deny"
                  + " needs policyTypes: [Egress]. Set policyTypes explicitly"));
    }
    if (isolatesEgress(spec) && !dnsAllowedFor(policy, all)) {
      List<String> missing = new ArrayList<>();
      if (!dnsAllowedFor(policy, all, "UDP")) {
        missing.add("UDP 53");
      }
      if (!dnsAllowedFor(policy, all, "TCP")) {
        missing.add("TCP 53");
      }
      findings.add(
          new Finding(
              Finding.Code.DEFAULT_DENY_EGRESS_WITHOUT_DNS,
              Finding.Severity.WARNING,
              ref,
              "spec.egress",
              "isolates egress, and no egress rule for these pods allows DNS on "
                  + String.join(" and ", missing)
                  + ": name resolution breaks (DNS needs UDP and TCP 53)"));
    }
    for (int r = 0; r < ingress.size(); r++) {
      String field = "spec.ingress[" + r + "]";
      lintPorts(ref, field, nonNull(ingress.get(r).getPorts()), findings);
      lintPeers(ref, field + ".from", nonNull(ingress.get(r).getFrom()), findings);
    }
    for (int r = 0; r < egress.size(); r++) {
      String field = "spec.egress[" + r + "]";
      lintPorts(ref, field, nonNull(egress.get(r).getPorts()), findings);
      lintPeers(ref, field + ".to", nonNull(egress.get(r).getTo()), findings);
    }
  }

  private void lintPorts(
      String ref, String field, List<NetworkPolicyPort> ports, List<Finding> findings) {
    for (int i = 0; i < ports.size(); i++) {
      NetworkPolicyPort port = ports.get(i);
      String where = field + ".ports[" + i + "]";
      Integer number = number(port.getPort());
      if (port.getProtocol() == null && Objects.equals(number, 53)) {
        findings.add(
            new Finding(
                Finding.Code.PORT_53_WITHOUT_PROTOCOL,
                Finding.Severity.WARNING,
                ref,
                where,
                "port 53 without protocol means TCP only; DNS mostly uses UDP. Add protocol: UDP"
                    + " (and keep a TCP entry)"));
      }
      if (port.getEndPort() != null) {
        boolean invalid = number == null || port.getEndPort() < number;
        findings.add(
            new Finding(
                Finding.Code.END_PORT_USED,
                invalid ? Finding.Severity.ERROR : Finding.Severity.WARNING,
                ref,
                where + ".endPort",
                invalid
                    ? "endPort needs a numeric port no greater than it; the apiserver rejects this"
                    : "port range "
                        + number
                        + "-"
                        + port.getEndPort()
                        + ": CNIs without endPort support apply only port "
                        + number));
      }
    }
  }

  private void lintPeers(
      String ref, String field, List<NetworkPolicyPeer> peers, List<Finding> findings) {
    for (int i = 0; i < peers.size(); i++) {
      IPBlock block = peers.get(i).getIpBlock();
      if (block == null) {
        continue;
      }
      Optional<Cidr> cidr = Cidr.parse(block.getCidr());
      if (cidr.isEmpty()) {
        continue;
      }
      List<Cidr> except =
          nonNull(block.getExcept()).stream().flatMap(e -> Cidr.parse(e).stream()).toList();
      for (Cidr pods : podCidrs) {
        if (!cidr.get().overlaps(pods)) {
          continue;
        }
        Cidr overlap = cidr.get().contains(pods) ? pods : cidr.get();
        if (except.stream().anyMatch(e -> e.contains(overlap))) {
          continue;
        }
        findings.add(
            new Finding(
                Finding.Code.IP_BLOCK_COVERS_POD_CIDR,
                Finding.Severity.WARNING,
                ref,
                field + "[" + i + "].ipBlock",
                block.getCidr()
                    + " covers pod CIDR "
                    + pods
                    + (overlap == pods ? "" : " in part")
                    + ": pod IPs change and ipBlock is undefined for them; select pods by label,"
                    + " or except "
                    + overlap));
      }
    }
  }

  private static boolean isolatesEgress(NetworkPolicySpec spec) {
    List<String> types = spec.getPolicyTypes();
    if (types == null || types.isEmpty()) {
      return !nonNull(spec.getEgress()).isEmpty();
    }
    return types.contains("Egress");
  }

  private static boolean dnsAllowedFor(NetworkPolicy policy, List<NetworkPolicy> all) {
    return dnsAllowedFor(policy, all, "UDP") && dnsAllowedFor(policy, all, "TCP");
  }

  /** Some egress rule, of a policy covering all pods of this one, allows protocol/53. */
  private static boolean dnsAllowedFor(
      NetworkPolicy policy, List<NetworkPolicy> all, String protocol) {
    LabelSelector selector = spec(policy).getPodSelector();
    for (NetworkPolicy other : all) {
      NetworkPolicySpec spec = spec(other);
      if (!Objects.equals(namespace(other), namespace(policy)) || !isolatesEgress(spec)) {
        continue;
      }
      if (!isEmpty(spec.getPodSelector()) && !sameSelector(spec.getPodSelector(), selector)) {
        continue;
      }
      for (NetworkPolicyEgressRule rule : nonNull(spec.getEgress())) {
        if (allowsPort(nonNull(rule.getPorts()), protocol, 53)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean allowsPort(List<NetworkPolicyPort> ports, String protocol, int port) {
    if (ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!proto.equals(protocol)) {
        continue;
      }
      Integer number = number(p.getPort());
      if (p.getPort() == null) {
        return true;
      }
      if (number == null) {
        continue;
      }
      int end = p.getEndPort() == null ? number : p.getEndPort();
      if (number <= port && port <= end) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameSelector(LabelSelector a, LabelSelector b) {
    return Objects.equals(normalize(a), normalize(b));
  }

  private static List<Object> normalize(LabelSelector s) {
    if (s == null) {
      return List.of();
    }
    return List.of(
        s.getMatchLabels() == null ? java.util.Map.of() : s.getMatchLabels(),
        s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions());
  }

  private static boolean isEmpty(LabelSelector s) {
    return s == null
        || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
            && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
  }

  private static Integer number(IntOrString value) {
    return value == null ? null : value.getIntVal();
  }

  private static NetworkPolicySpec spec(NetworkPolicy policy) {
    return policy.getSpec() == null ? new NetworkPolicySpec() : policy.getSpec();
  }

  private static String namespace(NetworkPolicy policy) {
    return policy.getMetadata().getNamespace();
  }

  private static String ref(NetworkPolicy policy) {
    return namespace(policy) + "/" + policy.getMetadata().getName();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
