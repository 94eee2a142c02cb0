package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.OptionalInt;

/**
 * One entry of a rule's ports: protocol (default TCP), and a number, a range number..endPort, a
 * named port resolved on the destination pod, or nothing (every port of the protocol). An entry the
 * apiserver would reject matches nothing.
 */
final class CompiledPort {

  final int index;
  final Protocol protocol;
  final Integer number;
  final Integer endPort;
  final String name;
  final String invalidReason;

  private CompiledPort(
      int index,
      Protocol protocol,
      Integer number,
      Integer endPort,
      String name,
      String invalidReason) {
    this.index = index;
    this.protocol = protocol;
    this.number = number;
    this.endPort = endPort;
    this.name = name;
    this.invalidReason = invalidReason;
  }

  static CompiledPort of(int index, NetworkPolicyPort port) {
    Protocol protocol = null;
    String invalid = null;
    String p = port.getProtocol() == null ? "TCP" : port.getProtocol();
    try {
      protocol = Protocol.valueOf(p);
    } catch (IllegalArgumentException e) {
      invalid = "protocol " + p + " is not TCP, UDP or SCTP";
    }
    Integer number = null;
    String name = null;
    IntOrString value = port.getPort();
    if (value != null && value.getIntVal() != null) {
      number = value.getIntVal();
      if (number < 1 || number > 65535) {
        invalid = "port " + number + " is outside 1-65535";
      }
    } else if (value != null && value.getStrVal() != null) {
      name = value.getStrVal();
    }
    Integer endPort = port.getEndPort();
    if (endPort != null) {
      if (number == null) {
        invalid = "endPort " + endPort + " needs a numeric port";
      } else if (endPort < number) {
        invalid = "endPort " + endPort + " is below port " + number;
      }
    }
    return new CompiledPort(index, protocol, number, endPort, name, invalid);
  }

  /** Whether a connection to portNumber/protocol on the destination pod matches this entry. */
  boolean matches(Protocol queryProtocol, int portNumber, PodInfo destination) {
    if (invalidReason != null || protocol != queryProtocol) {
      return false;
    }
    if (name != null) {
      OptionalInt resolved = destination.resolvePort(name, protocol);
      return resolved.isPresent() && resolved.getAsInt() == portNumber;
    }
    if (number == null) {
      return true;
    }
    if (endPort == null) {
      return portNumber == number;
    }
    return number <= portNumber && portNumber <= endPort;
  }

  /** True when whether this entry matches depends on the destination pod (named ports). */
  boolean dependsOnDestination() {
    return name != null;
  }

  String describe() {
    String proto = protocol == null ? "?" : protocol.name();
    if (invalidReason != null) {
      return "ports[" + index + "] invalid: " + invalidReason;
    }
    if (name != null) {
      return "ports[" + index + "] " + proto + " named " + name;
    }
    if (number == null) {
      return "ports[" + index + "] " + proto + " any port";
    }
    if (endPort != null) {
      return "ports[" + index + "] " + proto + " " + number + "-" + endPort;
    }
    return "ports[" + index + "] " + proto + " " + number;
  }
}
