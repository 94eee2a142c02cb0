package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Kubernetes NetworkPolicy semantics over a {@link ClusterSnapshot}, without a cluster.
 *
 * <ul>
 *   <li>A pod is isolated for ingress (egress) when any policy of its namespace selects it and has
 *       Ingress (Egress) in its policyTypes, defaulted as the apiserver does. Unselected pods allow
 *       everything in that direction.
 *   <li>Allows add up over all rules of all selecting policies; a listed direction with no rules
 *       denies, a rule without peers or without ports allows every peer or port.
 *   <li>A connection is allowed when the source's egress and the destination's ingress both allow
 *       it. Named ports resolve on the destination pod, for egress rules too.
 * </ul>
 *
 * <p>{@link #evaluate} answers one query with an explanation; {@link #matrix} answers all pod pairs
 * for one port and protocol with bit sets, sharing the work between pods selected by the same
 * policies. Policies are indexed per namespace and each pod's selecting policies are computed once.
 */
public final class NetworkPolicyEvaluator {

  private final ClusterSnapshot snapshot;
  private final List<PodInfo> pods;
  private final Map<String, Integer> podIndex = new HashMap<>();
  private final Map<String, List<CompiledPolicy>> policiesByNamespace = new HashMap<>();
  private final List<List<CompiledPolicy>> ingressSelecting = new ArrayList<>();
  private final List<List<CompiledPolicy>> egressSelecting = new ArrayList<>();
  private final Map<String, int[]> podsByNamespace = new LinkedHashMap<>();
  private Map<CompiledRule, BitSet> peerIndex;

  public NetworkPolicyEvaluator(ClusterSnapshot snapshot) {
    this.snapshot = snapshot;
    this.pods = snapshot.pods();
    for (NetworkPolicy policy : snapshot.policies()) {
      CompiledPolicy compiled = CompiledPolicy.of(policy);
      policiesByNamespace.computeIfAbsent(compiled.namespace, k -> new ArrayList<>()).add(compiled);
    }
    Map<List<CompiledPolicy>, List<CompiledPolicy>> interned = new HashMap<>();
    Map<String, List<Integer>> byNamespace = new LinkedHashMap<>();
    for (int i = 0; i < pods.size(); i++) {
      PodInfo pod = pods.get(i);
      podIndex.put(pod.key(), i);
      byNamespace.computeIfAbsent(pod.namespace(), k -> new ArrayList<>()).add(i);
      ingressSelecting.add(intern(interned, selecting(pod, Direction.INGRESS)));
      egressSelecting.add(intern(interned, selecting(pod, Direction.EGRESS)));
    }
    byNamespace.forEach(
        (ns, list) -> podsByNamespace.put(ns, list.stream().mapToInt(Integer::intValue).toArray()));
  }

  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Evaluates from → to for pods of the snapshot, given as namespace/name. */
  public Verdict evaluate(String from, String to, PortRef port, Protocol protocol) {
    return evaluate(pod(from), pod(to), port, protocol);
  }

  /** Evaluates from → to; the pods need not be in the snapshot (their namespaces should be). */
  public Verdict evaluate(PodInfo from, PodInfo to, PortRef port, Protocol protocol) {
    List<String> undefined = new ArrayList<>();
    if (from.key().equals(to.key())) {
      undefined.add(
          "a pod connecting to itself (loopback) is not defined by NetworkPolicy; CNIs differ"
              + " (kubernetes/kubernetes#95879)");
    }
    if (from.hostNetwork()) {
      undefined.add(
          from.key()
              + " uses hostNetwork: its traffic leaves with the node IP, and NetworkPolicy does not"
              + " define what applies to it");
    }
    if (to.hostNetwork()) {
      undefined.add(
          to.key() + " uses hostNetwork: NetworkPolicy does not define what applies to it");
    }
    int number;
    boolean invalidNamedPort = false;
    if (port.isNamed()) {
      OptionalInt resolved = to.resolvePort(port.name(), protocol);
      invalidNamedPort = resolved.isEmpty();
      number = resolved.orElse(-1);
    } else {
      number = port.number();
    }
    DirectionResult egress = direction(Direction.EGRESS, from, to, to, protocol, number);
    DirectionResult ingress = direction(Direction.INGRESS, to, from, to, protocol, number);
    List<String> notes = new ArrayList<>();
    ipBlockNote(egress, to).ifPresent(notes::add);
    ipBlockNote(ingress, from).ifPresent(notes::add);
    return new Verdict(
        from.key(),
        to.key(),
        port,
        protocol,
        invalidNamedPort ? null : number,
        egress,
        ingress,
        undefined,
        invalidNamedPort,
        notes);
  }

  /** All pairs of the snapshot's pods for one port and protocol. */
  public ReachabilityMatrix matrix(PortRef port, Protocol protocol) {
    int n = pods.size();
    int[] resolved = new int[n];
    BitSet validDestinations = new BitSet(n);
    for (int d = 0; d < n; d++) {
      resolved[d] =
          port.isNamed()
              ? pods.get(d).resolvePort(port.name(), protocol).orElse(-1)
              : port.number();
      if (resolved[d] >= 0) {
        validDestinations.set(d);
      }
    }
    Map<CompiledRule, BitSet> peers = peerIndex();
    BitSet all = new BitSet(n);
    all.set(0, n);
    Map<CompiledRule, BitSet> portBits = new IdentityHashMap<>();
    BitSet[] egressRows = new BitSet[n];
    Map<List<CompiledPolicy>, BitSet> egressMemo = new IdentityHashMap<>();
    for (int s = 0; s < n; s++) {
      List<CompiledPolicy> selecting = egressSelecting.get(s);
      if (selecting.isEmpty()) {
        egressRows[s] = all;
        continue;
      }
      egressRows[s] =
          egressMemo.computeIfAbsent(
              selecting,
              sel -> {
                BitSet row = new BitSet(n);
                for (CompiledPolicy p : sel) {
                  for (CompiledRule r : p.rules(Direction.EGRESS)) {
                    BitSet allowed = (BitSet) peers.get(r).clone();
                    allowed.and(
                        portBits.computeIfAbsent(
                            r, rule -> portBits(rule, protocol, resolved, validDestinations)));
                    row.or(allowed);
                  }
                }
                return row;
              });
    }
    BitSet[] ingressColumns = new BitSet[n];
    Map<List<CompiledRule>, BitSet> ingressMemo = new HashMap<>();
    for (int d = 0; d < n; d++) {
      List<CompiledPolicy> selecting = ingressSelecting.get(d);
      if (selecting.isEmpty()) {
        ingressColumns[d] = all;
        continue;
      }
      List<CompiledRule> matching = new ArrayList<>();
      for (CompiledPolicy p : selecting) {
        for (CompiledRule r : p.rules(Direction.INGRESS)) {
          if (portBits
              .computeIfAbsent(r, rule -> portBits(rule, protocol, resolved, validDestinations))
              .get(d)) {
            matching.add(r);
          }
        }
      }
      ingressColumns[d] =
          ingressMemo.computeIfAbsent(
              matching,
              rules -> {
                BitSet column = new BitSet(n);
                rules.forEach(r -> column.or(peers.get(r)));
                return column;
              });
    }
    return new ReachabilityMatrix(
        this, pods, podIndex, port, protocol, egressRows, ingressColumns, validDestinations);
  }

  /** The destinations (by pod index) where some port entry of the rule matches the query. */
  private BitSet portBits(
      CompiledRule rule, Protocol protocol, int[] resolved, BitSet validDestinations) {
    if (rule.anyPort()) {
      return validDestinations;
    }
    BitSet bits = new BitSet(pods.size());
    for (int d = validDestinations.nextSetBit(0); d >= 0; d = validDestinations.nextSetBit(d + 1)) {
      for (CompiledPort port : rule.ports) {
        if (port.matches(protocol, resolved[d], pods.get(d))) {
          bits.set(d);
          break;
        }
      }
    }
    return bits;
  }

  /** For every rule of every policy: the snapshot's pods that are one of its peers. */
  private synchronized Map<CompiledRule, BitSet> peerIndex() {
    if (peerIndex != null) {
      return peerIndex;
    }
    int n = pods.size();
    Map<CompiledRule, BitSet> index = new IdentityHashMap<>();
    Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    podsByNamespace.keySet().forEach(ns -> namespaceLabels.put(ns, snapshot.namespaceLabels(ns)));
    for (List<CompiledPolicy> policies : policiesByNamespace.values()) {
      for (CompiledPolicy policy : policies) {
        List<CompiledRule> rules = new ArrayList<>(policy.ingress);
        rules.addAll(policy.egress);
        for (CompiledRule rule : rules) {
          BitSet bits = new BitSet(n);
          if (rule.anyPeer()) {
            bits.set(0, n);
          }
          for (CompiledPeer peer : rule.peers) {
            bits.or(peerBits(peer, namespaceLabels));
          }
          index.put(rule, bits);
        }
      }
    }
    peerIndex = index;
    return index;
  }

  private BitSet peerBits(CompiledPeer peer, Map<String, Map<String, String>> namespaceLabels) {
    BitSet bits = new BitSet(pods.size());
    switch (peer.kind) {
      case POD_SELECTOR -> {
        for (int i : podsByNamespace.getOrDefault(peer.policyNamespace, new int[0])) {
          if (peer.podSelector.matches(pods.get(i).labels())) {
            bits.set(i);
          }
        }
      }
      case NAMESPACE_SELECTOR, NAMESPACE_AND_POD_SELECTOR -> {
        for (Map.Entry<String, int[]> ns : podsByNamespace.entrySet()) {
          if (!peer.namespaceSelector.matches(namespaceLabels.get(ns.getKey()))) {
            continue;
          }
          for (int i : ns.getValue()) {
            if (peer.podSelector == null || peer.podSelector.matches(pods.get(i).labels())) {
              bits.set(i);
            }
          }
        }
      }
      case IP_BLOCK -> {
        for (int i = 0; i < pods.size(); i++) {
          if (peer.matches(pods.get(i), Map.of())) {
            bits.set(i);
          }
        }
      }
      case INVALID -> {}
    }
    return bits;
  }

  private DirectionResult direction(
      Direction direction,
      PodInfo subject,
      PodInfo peerPod,
      PodInfo destination,
      Protocol protocol,
      int port) {
    List<CompiledPolicy> selecting = selectingOf(subject, direction);
    List<RuleRef> allowedBy = new ArrayList<>();
    Map<String, String> peerNamespaceLabels = snapshot.namespaceLabels(peerPod.namespace());
    for (CompiledPolicy policy : selecting) {
      for (CompiledRule rule : policy.rules(direction)) {
        CompiledPeer peer = null;
        if (!rule.anyPeer()) {
          peer = matchingPeer(rule, peerPod, peerNamespaceLabels);
          if (peer == null) {
            continue;
          }
        }
        CompiledPort matchedPort = null;
        if (!rule.anyPort()) {
          for (CompiledPort p : rule.ports) {
            if (p.matches(protocol, port, destination)) {
              matchedPort = p;
              break;
            }
          }
          if (matchedPort == null) {
            continue;
          }
        }
        allowedBy.add(
            new RuleRef(
                policy.ref,
                direction,
                rule.index,
                peer == null ? rule.peerField() + ": any peer" : peer.describe(rule.peerField()),
                matchedPort == null ? "ports: any" : matchedPort.describe(),
                peer != null && peer.kind == CompiledPeer.Kind.IP_BLOCK));
      }
    }
    return new DirectionResult(
        direction,
        subject.key(),
        !selecting.isEmpty(),
        selecting.stream().map(p -> p.ref).toList(),
        allowedBy);
  }

  /** The first matching selector peer, else the first matching ipBlock peer, else null. */
  private static CompiledPeer matchingPeer(
      CompiledRule rule, PodInfo peerPod, Map<String, String> peerNamespaceLabels) {
    CompiledPeer ipMatch = null;
    for (CompiledPeer peer : rule.peers) {
      if (peer.matches(peerPod, peerNamespaceLabels)) {
        if (peer.kind != CompiledPeer.Kind.IP_BLOCK) {
          return peer;
        }
        if (ipMatch == null) {
          ipMatch = peer;
        }
      }
    }
    return ipMatch;
  }

  private static Optional<String> ipBlockNote(DirectionResult result, PodInfo peer) {
    if (!result.isolated()
        || result.allowedBy().isEmpty()
        || !result.allowedBy().stream().allMatch(RuleRef::ipBlock)) {
      return Optional.empty();
    }
    return Optional.of(
        result.direction().field()
            + " allowed only because an ipBlock matched the pod IP "
            + peer.ip()
            + " of "
            + peer.key()
            + ": NetworkPolicy leaves ipBlock behaviour for pod IPs undefined (CNIs may not apply"
            + " it)");
  }

  private List<CompiledPolicy> selectingOf(PodInfo pod, Direction direction) {
    Integer i = podIndex.get(pod.key());
    if (i != null && pods.get(i).equals(pod)) {
      return direction == Direction.INGRESS ? ingressSelecting.get(i) : egressSelecting.get(i);
    }
    return selecting(pod, direction);
  }

  private List<CompiledPolicy> selecting(PodInfo pod, Direction direction) {
    List<CompiledPolicy> out = new ArrayList<>();
    for (CompiledPolicy p : policiesByNamespace.getOrDefault(pod.namespace(), List.of())) {
      if (p.isolates(direction) && p.selects(pod)) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<CompiledPolicy> intern(
      Map<List<CompiledPolicy>, List<CompiledPolicy>> interned, List<CompiledPolicy> list) {
    return interned.computeIfAbsent(List.copyOf(list), l -> l);
  }

  private PodInfo pod(String key) {
    return snapshot
        .pod(key)
        .orElseThrow(() -> new IllegalArgumentException("no pod " + key + " in the snapshot"));
  }
}
