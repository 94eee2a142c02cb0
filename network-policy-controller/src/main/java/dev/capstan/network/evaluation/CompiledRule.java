package dev.capstan.network.evaluation;

import java.util.List;

/**
 * One ingress or egress rule: no peers means every peer, no ports means every port; otherwise any
 * peer (OR) and any port (OR) must match.
 */
final class CompiledRule {

  final CompiledPolicy policy;
  final Direction direction;
  final int index;
  final List<CompiledPeer> peers;
  final List<CompiledPort> ports;
  final boolean portsDependOnDestination;

  CompiledRule(
      CompiledPolicy policy,
      Direction direction,
      int index,
      List<CompiledPeer> peers,
      List<CompiledPort> ports) {
    this.policy = policy;
    this.direction = direction;
    this.index = index;
    this.peers = List.copyOf(peers);
    this.ports = List.copyOf(ports);
    this.portsDependOnDestination = ports.stream().anyMatch(CompiledPort::dependsOnDestination);
  }

  boolean anyPeer() {
    return peers.isEmpty();
  }

  boolean anyPort() {
    return ports.isEmpty();
  }

  String peerField() {
    return direction == Direction.INGRESS ? "from" : "to";
  }
}
