package dev.capstan.network.testing;

import dev.capstan.crds.network.v1alpha1.CidrBlock;
import dev.capstan.crds.network.v1alpha1.DnsAccess;
import dev.capstan.crds.network.v1alpha1.MonitoringAccess;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureSpec;
import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.crds.network.v1alpha1.SelectorRequirement;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.PodInfo;
import dev.capstan.network.ip.Cidr;
import dev.capstan.network.ip.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the intents mean, written from the API documentation and independent of NetworkPolicy: the
 * oracle the compiled policies are checked against.
 *
 * <ul>
 *   <li>A posture selecting a namespace denies the directions of its defaultDeny there; then only
 *       its allows pass: DNS (egress to its DNS pods on UDP/TCP 53, and, in the DNS namespace,
 *       ingress to them from any pod), the same namespace, namespaces with given labels (ingress),
 *       CIDRs minus excepts minus pod CIDRs (egress), and the scrapers on their ports (ingress).
 *   <li>A TrafficRule lets its sources reach its destinations on its ports; its destinations accept
 *       nothing else (they are isolated for ingress), and it opens egress wherever a posture denies
 *       egress of the sources, never isolating anyone's egress itself.
 *   <li>A connection needs both directions.
 * </ul>
 */
public final class IntentModel {

  private final List<NamespacePosture> postures;
  private final List<TrafficRule> rules;
  private final ClusterSnapshot topology;
  private final List<Cidr> podCidrs;

  public IntentModel(
      List<NamespacePosture> postures,
      List<TrafficRule> rules,
      ClusterSnapshot topology,
      List<Cidr> podCidrs) {
    this.postures = postures;
    this.rules = rules;
    this.topology = topology;
    this.podCidrs = podCidrs;
  }

  public boolean egress(PodInfo s, PodInfo d, int port, Protocol protocol) {
    List<NamespacePostureSpec> denying =
        governing(s.namespace()).stream().filter(IntentModel::deniesEgress).toList();
    if (denying.isEmpty()) {
      return true;
    }
    for (NamespacePostureSpec p : denying) {
      if (isDnsPod(p, d) && isDns(port, protocol)) {
        return true;
      }
      if (within(p) && s.namespace().equals(d.namespace())) {
        return true;
      }
      for (CidrBlock b : list(p.getAllowEgressTo())) {
        if (inBlock(d.ip(), b)) {
          return true;
        }
      }
      if (p.getDns() != null && isDns(port, protocol)) {
        for (CidrBlock b : list(p.getDns().getCidrs())) {
          if (inBlock(d.ip(), b)) {
            return true;
          }
        }
      }
    }
    return rules.stream()
        .anyMatch(
            r ->
                isSource(r, s)
                    && isDestination(r, d)
                    && ports(r.getSpec().getPorts(), d, port, protocol));
  }

  public boolean ingress(PodInfo s, PodInfo d, int port, Protocol protocol) {
    List<NamespacePostureSpec> denying =
        governing(d.namespace()).stream().filter(IntentModel::deniesIngress).toList();
    List<TrafficRule> toD = rules.stream().filter(r -> isDestination(r, d)).toList();
    if (denying.isEmpty() && toD.isEmpty()) {
      return true;
    }
    for (NamespacePostureSpec p : denying) {
      if (within(p) && s.namespace().equals(d.namespace())) {
        return true;
      }
      Map<String, String> sourceNamespace = topology.namespaceLabels(s.namespace());
      if (list(p.getAllowFromNamespaces()).stream().anyMatch(n -> matches(n, sourceNamespace))) {
        return true;
      }
      MonitoringAccess m = p.getMonitoring();
      if (m != null
          && (m.getNamespaceSelector() == null
              || matches(m.getNamespaceSelector(), sourceNamespace))
          && (m.getPodSelector() == null || matches(m.getPodSelector(), s.labels()))
          && ports(m.getPorts(), d, port, protocol)) {
        return true;
      }
      if (isDnsPod(p, d) && isDns(port, protocol)) {
        return true;
      }
    }
    return toD.stream()
        .anyMatch(r -> isSource(r, s) && ports(r.getSpec().getPorts(), d, port, protocol));
  }

  private List<NamespacePostureSpec> governing(String namespace) {
    Map<String, String> labels = topology.namespaceLabels(namespace);
    return postures.stream()
        .map(NamespacePosture::getSpec)
        .filter(p -> matches(p.getNamespaceSelector(), labels))
        .toList();
  }

  private static boolean deniesIngress(NamespacePostureSpec p) {
    return p.getDefaultDeny() == null || !Boolean.FALSE.equals(p.getDefaultDeny().getIngress());
  }

  private static boolean deniesEgress(NamespacePostureSpec p) {
    return p.getDefaultDeny() == null || !Boolean.FALSE.equals(p.getDefaultDeny().getEgress());
  }

  private static boolean within(NamespacePostureSpec p) {
    return !Boolean.FALSE.equals(p.getAllowWithinNamespace());
  }

  private static boolean isDns(int port, Protocol protocol) {
    return port == 53 && (protocol == Protocol.UDP || protocol == Protocol.TCP);
  }

  private static boolean isDnsPod(NamespacePostureSpec p, PodInfo d) {
    DnsAccess dns = p.getDns();
    String namespace =
        dns == null || dns.getNamespace() == null ? "kube-system" : dns.getNamespace();
    Selector pods =
        dns == null || dns.getPodSelector() == null
            ? Selector.labels(Map.of("k8s-app", "kube-dns"))
            : dns.getPodSelector();
    return d.namespace().equals(namespace) && matches(pods, d.labels());
  }

  private boolean isSource(TrafficRule r, PodInfo s) {
    Selector namespaces = r.getSpec().getFrom().getNamespaceSelector();
    boolean namespaceOk =
        namespaces == null
            ? s.namespace().equals(r.getMetadata().getNamespace())
            : matches(namespaces, topology.namespaceLabels(s.namespace()));
    return namespaceOk && matches(r.getSpec().getFrom().getPodSelector(), s.labels());
  }

  private static boolean isDestination(TrafficRule r, PodInfo d) {
    return d.namespace().equals(r.getMetadata().getNamespace())
        && matches(r.getSpec().getTo().getPodSelector(), d.labels());
  }

  private static boolean ports(List<NetworkPort> ports, PodInfo d, int port, Protocol protocol) {
    for (NetworkPort p : ports) {
      Protocol proto = p.getProtocol() == null ? Protocol.TCP : p.getProtocol();
      if (proto != protocol) {
        continue;
      }
      if (p.getPortName() != null) {
        OptionalInt resolved = d.resolvePort(p.getPortName(), proto);
        if (resolved.isPresent() && resolved.getAsInt() == port) {
          return true;
        }
      } else if (p.getPort() == null) {
        return true;
      } else if (p.getEndPort() == null
          ? p.getPort() == port
          : p.getPort() <= port && port <= p.getEndPort()) {
        return true;
      }
    }
    return false;
  }

  private boolean inBlock(String ip, CidrBlock block) {
    Optional<IpAddress> address = IpAddress.parse(ip);
    if (address.isEmpty() || !Cidr.of(block.getCidr()).contains(address.get())) {
      return false;
    }
    if (list(block.getExcept()).stream().anyMatch(e -> Cidr.of(e).contains(address.get()))) {
      return false;
    }
    return podCidrs.stream().noneMatch(c -> c.contains(address.get()));
  }

  /** Label selector semantics, kept independent of the production matcher. */
  static boolean matches(Selector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (SelectorRequirement r : selector.getMatchExpressions()) {
      String value = labels.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case In -> value != null && r.getValues().contains(value);
            case NotIn -> value == null || !r.getValues().contains(value);
            case Exists -> value != null;
            case DoesNotExist -> value == null;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
