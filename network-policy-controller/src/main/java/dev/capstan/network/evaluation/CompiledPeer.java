package dev.capstan.network.evaluation;

import dev.capstan.network.ip.Cidr;
import dev.capstan.network.ip.IpAddress;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One from/to element. namespaceSelector and podSelector in the same element must both match (AND);
 * podSelector alone means the policy's namespace; ipBlock is matched against the peer pod's IP. An
 * element the apiserver would reject matches nothing.
 */
final class CompiledPeer {

  enum Kind {
    POD_SELECTOR,
    NAMESPACE_SELECTOR,
    NAMESPACE_AND_POD_SELECTOR,
    IP_BLOCK,
    INVALID
  }

  final int index;
  final Kind kind;
  final String policyNamespace;
  final LabelSelectorMatcher namespaceSelector;
  final LabelSelectorMatcher podSelector;
  final Cidr cidr;
  final List<Cidr> except;
  final String invalidReason;

  private CompiledPeer(
      int index,
      Kind kind,
      String policyNamespace,
      LabelSelectorMatcher namespaceSelector,
      LabelSelectorMatcher podSelector,
      Cidr cidr,
      List<Cidr> except,
      String invalidReason) {
    this.index = index;
    this.kind = kind;
    this.policyNamespace = policyNamespace;
    this.namespaceSelector = namespaceSelector;
    this.podSelector = podSelector;
    this.cidr = cidr;
    this.except = except;
    this.invalidReason = invalidReason;
  }

  static CompiledPeer of(int index, String policyNamespace, NetworkPolicyPeer peer) {
    IPBlock block = peer.getIpBlock();
    boolean hasSelectors = peer.getNamespaceSelector() != null || peer.getPodSelector() != null;
    if (block != null) {
      if (hasSelectors) {
        return invalid(index, policyNamespace, "ipBlock together with a selector");
      }
      Optional<Cidr> cidr = Cidr.parse(block.getCidr());
      if (cidr.isEmpty()) {
        return invalid(index, policyNamespace, "ipBlock.cidr " + block.getCidr() + " is no CIDR");
      }
      List<Cidr> except = new ArrayList<>();
      for (String e : block.getExcept() == null ? List.<String>of() : block.getExcept()) {
        Optional<Cidr> ex = Cidr.parse(e);
        if (ex.isEmpty() || !cidr.get().contains(ex.get())) {
          return invalid(index, policyNamespace, "ipBlock.except " + e + " is not inside the cidr");
        }
        except.add(ex.get());
      }
      return new CompiledPeer(
          index, Kind.IP_BLOCK, policyNamespace, null, null, cidr.get(), List.copyOf(except), null);
    }
    if (!hasSelectors) {
      return invalid(index, policyNamespace, "empty peer (no selector and no ipBlock)");
    }
    LabelSelectorMatcher ns =
        peer.getNamespaceSelector() == null
            ? null
            : LabelSelectorMatcher.of(peer.getNamespaceSelector());
    LabelSelectorMatcher pod =
        peer.getPodSelector() == null ? null : LabelSelectorMatcher.of(peer.getPodSelector());
    Kind kind =
        ns == null
            ? Kind.POD_SELECTOR
            : pod == null ? Kind.NAMESPACE_SELECTOR : Kind.NAMESPACE_AND_POD_SELECTOR;
    String reason = ns != null && ns.invalidReason() != null ? ns.invalidReason() : null;
    if (pod != null && pod.invalidReason() != null) {
      reason = pod.invalidReason();
    }
    if (reason != null) {
      return invalid(index, policyNamespace, "selector rejected by the apiserver: " + reason);
    }
    return new CompiledPeer(index, kind, policyNamespace, ns, pod, null, List.of(), null);
  }

  private static CompiledPeer invalid(int index, String policyNamespace, String reason) {
    return new CompiledPeer(
        index, Kind.INVALID, policyNamespace, null, null, null, List.of(), reason);
  }

  /** Whether the other end of the connection, the pod, is this peer. */
  boolean matches(PodInfo pod, Map<String, String> podNamespaceLabels) {
    return switch (kind) {
      case POD_SELECTOR ->
          pod.namespace().equals(policyNamespace) && podSelector.matches(pod.labels());
      case NAMESPACE_SELECTOR -> namespaceSelector.matches(podNamespaceLabels);
      case NAMESPACE_AND_POD_SELECTOR ->
          namespaceSelector.matches(podNamespaceLabels) && podSelector.matches(pod.labels());
      case IP_BLOCK -> matchesIp(pod.ip());
      case INVALID -> false;
    };
  }

  /** Whether this peer depends only on namespaces and labels (so on nothing but the pod's home). */
  boolean selectsNamespaces() {
    return kind == Kind.NAMESPACE_SELECTOR || kind == Kind.NAMESPACE_AND_POD_SELECTOR;
  }

  private boolean matchesIp(String ip) {
    if (ip == null) {
      return false;
    }
    Optional<IpAddress> address = IpAddress.parse(ip);
    if (address.isEmpty() || !cidr.contains(address.get())) {
      return false;
    }
    return except.stream().noneMatch(e -> e.contains(address.get()));
  }

  String describe(String field) {
    String where = field + "[" + index + "] ";
    return switch (kind) {
      case POD_SELECTOR -> where + "podSelector in " + policyNamespace;
      case NAMESPACE_SELECTOR -> where + "namespaceSelector";
      case NAMESPACE_AND_POD_SELECTOR -> where + "namespaceSelector AND podSelector";
      case IP_BLOCK ->
          where
              + "ipBlock "
              + cidr
              + (except.isEmpty() ? "" : " except " + except.stream().map(Cidr::toString).toList());
      case INVALID -> where + "invalid: " + invalidReason;
    };
  }
}
