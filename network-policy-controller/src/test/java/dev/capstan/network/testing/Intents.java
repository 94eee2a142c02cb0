package dev.capstan.network.testing;

import dev.capstan.crds.network.v1alpha1.CidrBlock;
import dev.capstan.crds.network.v1alpha1.DefaultDeny;
import dev.capstan.crds.network.v1alpha1.DnsAccess;
import dev.capstan.crds.network.v1alpha1.MonitoringAccess;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureSpec;
import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.crds.network.v1alpha1.SelectorOperator;
import dev.capstan.crds.network.v1alpha1.SelectorRequirement;
import dev.capstan.crds.network.v1alpha1.TrafficDestination;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.crds.network.v1alpha1.TrafficRuleSpec;
import dev.capstan.crds.network.v1alpha1.TrafficSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Terse construction of Capstan network intents for tests. */
public final class Intents {

  private Intents() {}

  public static Selector sel(String key, String value) {
    return Selector.labels(Map.of(key, value));
  }

  public static Selector in(String key, String... values) {
    Selector s = new Selector();
    s.setMatchExpressions(
        new ArrayList<>(
            List.of(new SelectorRequirement(key, SelectorOperator.In, List.of(values)))));
    return s;
  }

  public static Selector everything() {
    return new Selector();
  }

  /** A posture with the CRD's defaults: deny both directions, DNS, same namespace allowed. */
  public static NamespacePosture posture(String name, Selector namespaces) {
    NamespacePosture p = new NamespacePosture();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    NamespacePostureSpec spec = new NamespacePostureSpec();
    spec.setNamespaceSelector(namespaces);
    p.setSpec(spec);
    return p;
  }

  public static NamespacePosture deny(NamespacePosture p, boolean ingress, boolean egress) {
    p.getSpec().setDefaultDeny(new DefaultDeny(ingress, egress));
    return p;
  }

  public static NamespacePosture withinNamespace(NamespacePosture p, boolean allowed) {
    p.getSpec().setAllowWithinNamespace(allowed);
    return p;
  }

  public static NamespacePosture fromNamespaces(NamespacePosture p, Selector... namespaces) {
    p.getSpec().setAllowFromNamespaces(new ArrayList<>(List.of(namespaces)));
    return p;
  }

  public static NamespacePosture egressTo(NamespacePosture p, CidrBlock... blocks) {
    p.getSpec().setAllowEgressTo(new ArrayList<>(List.of(blocks)));
    return p;
  }

  public static NamespacePosture monitoring(
      NamespacePosture p, Selector namespaces, Selector pods, NetworkPort... ports) {
    MonitoringAccess m = new MonitoringAccess();
    m.setNamespaceSelector(namespaces);
    m.setPodSelector(pods);
    m.setPorts(new ArrayList<>(List.of(ports)));
    p.getSpec().setMonitoring(m);
    return p;
  }

  public static NamespacePosture dns(NamespacePosture p, String namespace, Selector pods) {
    DnsAccess dns = new DnsAccess();
    dns.setNamespace(namespace);
    dns.setPodSelector(pods);
    p.getSpec().setDns(dns);
    return p;
  }

  public static CidrBlock cidr(String cidr, String... except) {
    return new CidrBlock(cidr, List.of(except));
  }

  public static TrafficRule rule(
      String namespace,
      String name,
      Selector fromNamespaces,
      Selector fromPods,
      Selector toPods,
      NetworkPort... ports) {
    TrafficRule r = new TrafficRule();
    r.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L).build());
    TrafficRuleSpec spec = new TrafficRuleSpec();
    spec.setFrom(new TrafficSource(fromNamespaces, fromPods));
    spec.setTo(new TrafficDestination(toPods));
    spec.setPorts(new ArrayList<>(List.of(ports)));
    r.setSpec(spec);
    return r;
  }
}
