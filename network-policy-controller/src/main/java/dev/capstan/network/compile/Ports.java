package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.Protocol;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Capstan ports to NetworkPolicy ports, always with an explicit protocol, with validation. */
final class Ports {

  private static final java.util.regex.Pattern SERVICE_NAME =
      java.util.regex.Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  private Ports() {}

  /** UDP 53 and TCP 53: DNS. */
  static List<NetworkPolicyPort> dns() {
    return List.of(number(Protocol.UDP, 53), number(Protocol.TCP, 53));
  }

  static NetworkPolicyPort number(Protocol protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol.name())
        .withPort(new IntOrString(port))
        .build();
  }

  /**
   * The valid entries. An invalid entry is left out with an ERROR; when every entry is invalid the
   * result is empty and the caller must not emit a rule (an empty port list would allow every
   * port).
   */
  static List<NetworkPolicyPort> convert(
      List<NetworkPort> ports, String field, List<Problem> problems) {
    List<NetworkPolicyPort> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      NetworkPort p = ports.get(i);
      String where = field + "[" + i + "]";
      Protocol protocol = p.getProtocol() == null ? Protocol.TCP : p.getProtocol();
      String invalid = invalid(p);
      if (invalid != null) {
        problems.add(Problem.error(where, invalid + "; this port entry is left out"));
        continue;
      }
      NetworkPolicyPortBuilder builder =
          new NetworkPolicyPortBuilder().withProtocol(protocol.name());
      if (p.getPort() != null) {
        builder.withPort(new IntOrString(p.getPort())).withEndPort(p.getEndPort());
      } else if (p.getPortName() != null) {
        builder.withPort(new IntOrString(p.getPortName()));
      }
      NetworkPolicyPort port = builder.build();
      if (!seen.add(protocol + "/" + p.getPort() + "-" + p.getEndPort() + "/" + p.getPortName())) {
        problems.add(Problem.warning(where, "repeats an earlier port entry"));
        continue;
      }
      out.add(port);
    }
    return out;
  }

  private static String invalid(NetworkPort p) {
    if (p.getPort() != null && p.getPortName() != null) {
      return "set either port or portName, not both";
    }
    if (p.getPort() != null && (p.getPort() < 1 || p.getPort() > 65535)) {
      return "port " + p.getPort() + " is outside 1-65535";
    }
    if (p.getEndPort() != null) {
      if (p.getPortName() != null) {
        return "endPort cannot be used with portName " + p.getPortName();
      }
      if (p.getPort() == null) {
        return "endPort needs port";
      }
      if (p.getEndPort() < p.getPort() || p.getEndPort() > 65535) {
        return "endPort " + p.getEndPort() + " must be between port " + p.getPort() + " and 65535";
      }
    }
    if (p.getPortName() != null
        && (p.getPortName().length() > 15
            || !SERVICE_NAME.matcher(p.getPortName()).matches()
            || p.getPortName().chars().noneMatch(Character::isLetter))) {
      return "portName " + p.getPortName() + " is not an IANA service name";
    }
    return null;
  }
}
