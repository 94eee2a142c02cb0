package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.CidrBlock;
import dev.capstan.crds.network.v1alpha1.DefaultDeny;
import dev.capstan.crds.network.v1alpha1.DnsAccess;
import dev.capstan.crds.network.v1alpha1.MonitoringAccess;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureSpec;
import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.network.evaluation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * NamespacePosture x namespace → NetworkPolicy objects. Per selected namespace, one small policy
 * per concern so that an explanation names the concern: {@code default-deny}, {@code dns}, {@code
 * dns-ingress} (only in the DNS namespace), {@code same-namespace}, {@code from-namespaces}, {@code
 * egress-cidrs}, {@code monitoring}. Allows are emitted only for denied directions: an allow policy
 * in an open direction would isolate the pods it means to open.
 */
public final class PostureCompiler {

  public static final String KIND = NamespacePosture.KIND;

  private PostureCompiler() {}

  /** The effective settings of a posture, defaults applied as the CRD schema would. */
  record Effective(
      boolean denyIngress,
      boolean denyEgress,
      boolean allowWithinNamespace,
      String dnsNamespace,
      Selector dnsPods) {

    static Effective of(NamespacePostureSpec spec) {
      DefaultDeny deny = spec.getDefaultDeny() == null ? new DefaultDeny() : spec.getDefaultDeny();
      DnsAccess dns = spec.getDns() == null ? new DnsAccess() : spec.getDns();
      return new Effective(
          !Boolean.FALSE.equals(deny.getIngress()),
          !Boolean.FALSE.equals(deny.getEgress()),
          !Boolean.FALSE.equals(spec.getAllowWithinNamespace()),
          dns.getNamespace() == null ? DnsAccess.DEFAULT_NAMESPACE : dns.getNamespace(),
          dns.getPodSelector() == null
              ? Selector.labels(DnsAccess.DEFAULT_POD_LABELS)
              : dns.getPodSelector());
    }
  }

  /** Compiles every posture; overlapping postures are reported on both. Sorted by name. */
  public static Map<String, Compilation> compile(
      List<NamespacePosture> postures, CompileContext context) {
    List<NamespacePosture> sorted = new ArrayList<>(postures);
    sorted.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    Map<String, List<String>> selectedBy = new LinkedHashMap<>();
    Map<String, List<Problem>> selectorProblems = new LinkedHashMap<>();
    for (NamespacePosture p : sorted) {
      List<Problem> problems = new ArrayList<>();
      selectorProblems.put(p.getMetadata().getName(), problems);
      for (NamespaceInfo ns : selectedNamespaces(p, context, problems)) {
        selectedBy
            .computeIfAbsent(ns.name(), k -> new ArrayList<>())
            .add(p.getMetadata().getName());
      }
    }
    Map<String, NamespacePosture> byName = new LinkedHashMap<>();
    sorted.forEach(p -> byName.put(p.getMetadata().getName(), p));
    Map<String, Compilation> out = new LinkedHashMap<>();
    for (NamespacePosture p : sorted) {
      String name = p.getMetadata().getName();
      List<Problem> problems = new ArrayList<>(selectorProblems.get(name));
      selectedBy.forEach(
          (ns, owners) -> {
            if (owners.size() > 1 && owners.contains(name)) {
              overlapProblems(name, ns, owners, byName).forEach(problems::add);
            }
          });
      out.put(name, compileOne(p, context, problems));
    }
    return out;
  }

  /** The namespaces whose egress some posture denies: where TrafficRules must open egress. */
  public static Set<String> egressDeniedNamespaces(
      List<NamespacePosture> postures, CompileContext context) {
    Set<String> out = new TreeSet<>();
    for (NamespacePosture p : postures) {
      if (p.getSpec() != null && Effective.of(p.getSpec()).denyEgress()) {
        selectedNamespaces(p, context, new ArrayList<>()).forEach(ns -> out.add(ns.name()));
      }
    }
    return out;
  }

  /** The namespaces a posture selects; none when its selector is empty or invalid. */
  public static List<NamespaceInfo> selectedNamespaces(
      NamespacePosture posture, CompileContext context, List<Problem> problems) {
    NamespacePostureSpec spec = posture.getSpec();
    if (spec == null || Selectors.isEmpty(spec.getNamespaceSelector())) {
      problems.add(
          Problem.error(
              "spec.namespaceSelector",
              "must name labels: an empty selector would put every namespace, kube-system"
                  + " included, behind this posture. Nothing is generated"));
      return List.of();
    }
    Optional<LabelSelector> selector =
        Selectors.convert(spec.getNamespaceSelector(), "spec.namespaceSelector", problems);
    if (selector.isEmpty()) {
      return List.of();
    }
    return context.namespaces().stream()
        .filter(ns -> Selectors.matches(selector.get(), ns.labels()))
        .sorted(Comparator.comparing(NamespaceInfo::name))
        .toList();
  }

  private static List<Problem> overlapProblems(
      String name, String namespace, List<String> owners, Map<String, NamespacePosture> byName) {
    List<Problem> problems = new ArrayList<>();
    Effective mine = Effective.of(byName.get(name).getSpec());
    for (String other : owners) {
      if (other.equals(name)) {
        continue;
      }
      Effective theirs = Effective.of(byName.get(other).getSpec());
      for (String direction : List.of("ingress", "egress")) {
        boolean mineDenies = direction.equals("ingress") ? mine.denyIngress : mine.denyEgress;
        boolean theirsDeny = direction.equals("ingress") ? theirs.denyIngress : theirs.denyEgress;
        if (!mineDenies && theirsDeny) {
          problems.add(
              Problem.error(
                  "spec.namespaceSelector",
                  "namespace "
                      + namespace
                      + " is also selected by posture "
                      + other
                      + ", which denies "
                      + direction
                      + " while this posture leaves it open; NetworkPolicy can only add"
                      + " allows, so "
                      + direction
                      + " there is denied. Make the namespace selectors disjoint"));
        }
      }
      if (problems.isEmpty()) {
        problems.add(
            Problem.warning(
                "spec.namespaceSelector",
                "namespace "
                    + namespace
                    + " is also selected by posture "
                    + other
                    + "; the allows of both add up"));
      }
    }
    return problems;
  }

  private static Compilation compileOne(
      NamespacePosture posture, CompileContext context, List<Problem> problems) {
    String name = posture.getMetadata().getName();
    Owner owner = new Owner(KIND, null, name);
    NamespacePostureSpec spec = posture.getSpec();
    if (spec == null) {
      return new Compilation(owner, List.of(), problems);
    }
    Effective eff = Effective.of(spec);
    List<NamespaceInfo> namespaces = selectedNamespaces(posture, context, new ArrayList<>());
    Rules rules = rules(spec, eff, context, problems);
    if (context.namespaces().stream().noneMatch(ns -> ns.name().equals(eff.dnsNamespace))
        && eff.denyEgress) {
      problems.add(
          Problem.warning(
              "spec.dns.namespace",
              "namespace " + eff.dnsNamespace + " does not exist; DNS egress allows nothing yet"));
    }
    if (!eff.denyIngress && !eff.denyEgress) {
      problems.add(
          Problem.warning(
              "spec.defaultDeny",
              "denies neither ingress nor egress; the posture changes nothing"));
    }
    List<NetworkPolicy> policies = new ArrayList<>();
    for (NamespaceInfo ns : namespaces) {
      if (eff.denyEgress && ns.name().equals(eff.dnsNamespace)) {
        problems.add(
            Problem.warning(
                "spec.defaultDeny.egress",
                "denies egress in "
                    + ns.name()
                    + ", where the DNS pods run: they can reach only what this posture allows"
                    + " (add their upstream resolvers and the apiserver to allowEgressTo)"));
      }
      policies.addAll(forNamespace(owner, ns.name(), eff, rules));
    }
    return new Compilation(owner, policies, problems);
  }

  /** The rules of a posture, converted and checked once for all its namespaces. */
  private record Rules(
      NetworkPolicyEgressRule dns,
      NetworkPolicyIngressRule dnsIngress,
      LabelSelector dnsPods,
      NetworkPolicyIngressRule fromNamespaces,
      NetworkPolicyEgressRule egressCidrs,
      NetworkPolicyIngressRule monitoring) {}

  private static Rules rules(
      NamespacePostureSpec spec, Effective eff, CompileContext context, List<Problem> problems) {
    LabelSelector dnsPods =
        Selectors.convert(eff.dnsPods, "spec.dns.podSelector", problems).orElse(null);
    List<NetworkPolicyPeer> dnsPeers = new ArrayList<>();
    if (dnsPods != null) {
      dnsPeers.add(
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(Selectors.namespaceNamed(eff.dnsNamespace))
              .withPodSelector(dnsPods)
              .build());
    }
    List<CidrBlock> dnsCidrs =
        spec.getDns() == null || spec.getDns().getCidrs() == null
            ? List.of()
            : spec.getDns().getCidrs();
    for (int i = 0; i < dnsCidrs.size(); i++) {
      IpBlocks.convert(dnsCidrs.get(i), "spec.dns.cidrs[" + i + "]", context.podCidrs(), problems)
          .ifPresent(b -> dnsPeers.add(new NetworkPolicyPeerBuilder().withIpBlock(b).build()));
    }
    NetworkPolicyEgressRule dns =
        dnsPeers.isEmpty()
            ? null
            : new NetworkPolicyEgressRuleBuilder().withTo(dnsPeers).withPorts(Ports.dns()).build();
    NetworkPolicyIngressRule dnsIngress =
        new NetworkPolicyIngressRuleBuilder()
            .addNewFrom()
            .withNamespaceSelector(Selectors.everything())
            .endFrom()
            .withPorts(Ports.dns())
            .build();

    NetworkPolicyIngressRule fromNamespaces = null;
    List<Selector> from =
        spec.getAllowFromNamespaces() == null ? List.of() : spec.getAllowFromNamespaces();
    if (!from.isEmpty() && !eff.denyIngress) {
      problems.add(
          Problem.warning(
              "spec.allowFromNamespaces",
              "ignored: ingress is not denied, so it is open already (an allow policy would"
                  + " isolate the pods)"));
    } else if (!from.isEmpty()) {
      List<NetworkPolicyPeer> peers = new ArrayList<>();
      for (int i = 0; i < from.size(); i++) {
        String field = "spec.allowFromNamespaces[" + i + "]";
        if (Selectors.isEmpty(from.get(i))) {
          problems.add(
              Problem.error(
                  field, "must name labels; an empty selector would allow every namespace"));
          continue;
        }
        Optional<LabelSelector> s = Selectors.convert(from.get(i), field, problems);
        s.ifPresent(
            sel -> peers.add(new NetworkPolicyPeerBuilder().withNamespaceSelector(sel).build()));
      }
      if (!peers.isEmpty()) {
        fromNamespaces = new NetworkPolicyIngressRuleBuilder().withFrom(peers).build();
      }
    }

    NetworkPolicyEgressRule egressCidrs = null;
    List<CidrBlock> cidrs = spec.getAllowEgressTo() == null ? List.of() : spec.getAllowEgressTo();
    if (!cidrs.isEmpty() && !eff.denyEgress) {
      problems.add(
          Problem.warning(
              "spec.allowEgressTo",
              "ignored: egress is not denied, so it is open already (an allow policy would"
                  + " isolate the pods)"));
    } else if (!cidrs.isEmpty()) {
      List<NetworkPolicyPeer> peers = new ArrayList<>();
      for (int i = 0; i < cidrs.size(); i++) {
        Optional<IPBlock> block =
            IpBlocks.convert(
                cidrs.get(i), "spec.allowEgressTo[" + i + "]", context.podCidrs(), problems);
        block.ifPresent(b -> peers.add(new NetworkPolicyPeerBuilder().withIpBlock(b).build()));
      }
      if (!peers.isEmpty()) {
        egressCidrs = new NetworkPolicyEgressRuleBuilder().withTo(peers).build();
      }
    }

    NetworkPolicyIngressRule monitoring = null;
    MonitoringAccess mon = spec.getMonitoring();
    if (mon != null && !eff.denyIngress) {
      problems.add(
          Problem.warning(
              "spec.monitoring", "ignored: ingress is not denied, so scraping is allowed already"));
    } else if (mon != null) {
      monitoring = monitoringRule(mon, problems);
    }
    return new Rules(dns, dnsIngress, dnsPods, fromNamespaces, egressCidrs, monitoring);
  }

  private static NetworkPolicyIngressRule monitoringRule(
      MonitoringAccess mon, List<Problem> problems) {
    if (Selectors.isEmpty(mon.getNamespaceSelector()) && Selectors.isEmpty(mon.getPodSelector())) {
      problems.add(
          Problem.error(
              "spec.monitoring",
              "name the scrapers with labels in namespaceSelector and/or podSelector; with both"
                  + " empty every pod could scrape. Nothing is generated for monitoring"));
      return null;
    }
    Optional<LabelSelector> ns =
        Selectors.convert(
            mon.getNamespaceSelector(), "spec.monitoring.namespaceSelector", problems);
    Optional<LabelSelector> pods =
        mon.getPodSelector() == null
            ? Optional.of(Selectors.everything())
            : Selectors.convert(mon.getPodSelector(), "spec.monitoring.podSelector", problems);
    List<NetworkPolicyPort> ports =
        Ports.convert(
            mon.getPorts() == null ? List.of() : mon.getPorts(), "spec.monitoring.ports", problems);
    if (ns.isEmpty() || pods.isEmpty() || ports.isEmpty()) {
      if (ports.isEmpty()) {
        problems.add(
            Problem.error(
                "spec.monitoring.ports",
                "no valid port: nothing is generated for monitoring (an empty port list would"
                    + " allow every port)"));
      }
      return null;
    }
    NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder().withNamespaceSelector(ns.get());
    if (mon.getPodSelector() != null) {
      peer.withPodSelector(pods.get());
    }
    return new NetworkPolicyIngressRuleBuilder().withFrom(peer.build()).withPorts(ports).build();
  }

  private static List<NetworkPolicy> forNamespace(
      Owner owner, String namespace, Effective eff, Rules rules) {
    List<NetworkPolicy> out = new ArrayList<>();
    String prefix = "capstan-posture";
    List<String> deniedTypes = new ArrayList<>();
    if (eff.denyIngress) {
      deniedTypes.add("Ingress");
    }
    if (eff.denyEgress) {
      deniedTypes.add("Egress");
    }
    if (deniedTypes.isEmpty()) {
      return out;
    }
    out.add(
        new NetworkPolicyBuilder()
            .withMetadata(
                PolicyMetadata.of(
                    namespace,
                    owner,
                    "default deny " + String.join(" and ", deniedTypes).toLowerCase(),
                    prefix,
                    owner.name(),
                    "default-deny"))
            .withNewSpec()
            .withPodSelector(Selectors.everything())
            .withPolicyTypes(deniedTypes)
            .endSpec()
            .build());
    if (eff.denyEgress && rules.dns != null) {
      out.add(
          egressPolicy(
              owner,
              namespace,
              "DNS to the cluster DNS on UDP and TCP 53",
              Selectors.everything(),
              rules.dns,
              prefix,
              "dns"));
    }
    if (eff.denyIngress && namespace.equals(eff.dnsNamespace) && rules.dnsPods != null) {
      out.add(
          ingressPolicy(
              owner,
              namespace,
              "the DNS pods stay reachable from every namespace on UDP and TCP 53",
              rules.dnsPods,
              rules.dnsIngress,
              prefix,
              "dns-ingress"));
    }
    if (eff.allowWithinNamespace) {
      var spec =
          new NetworkPolicyBuilder()
              .withMetadata(
                  PolicyMetadata.of(
                      namespace,
                      owner,
                      "traffic within the namespace",
                      prefix,
                      owner.name(),
                      "same-namespace"))
              .withNewSpec()
              .withPodSelector(Selectors.everything())
              .withPolicyTypes(deniedTypes);
      if (eff.denyIngress) {
        spec.addNewIngress()
            .addNewFrom()
            .withPodSelector(Selectors.everything())
            .endFrom()
            .endIngress();
      }
      if (eff.denyEgress) {
        spec.addNewEgress().addNewTo().withPodSelector(Selectors.everything()).endTo().endEgress();
      }
      out.add(spec.endSpec().build());
    }
    if (eff.denyIngress && rules.fromNamespaces != null) {
      out.add(
          ingressPolicy(
              owner,
              namespace,
              "ingress from the allowed namespaces",
              Selectors.everything(),
              rules.fromNamespaces,
              prefix,
              "from-namespaces"));
    }
    if (eff.denyEgress && rules.egressCidrs != null) {
      out.add(
          egressPolicy(
              owner,
              namespace,
              "egress to the allowed CIDRs",
              Selectors.everything(),
              rules.egressCidrs,
              prefix,
              "egress-cidrs"));
    }
    if (eff.denyIngress && rules.monitoring != null) {
      out.add(
          ingressPolicy(
              owner,
              namespace,
              "metrics scraping",
              Selectors.everything(),
              rules.monitoring,
              prefix,
              "monitoring"));
    }
    return out;
  }

  private static NetworkPolicy ingressPolicy(
      Owner owner,
      String namespace,
      String purpose,
      LabelSelector pods,
      NetworkPolicyIngressRule rule,
      String prefix,
      String part) {
    return new NetworkPolicyBuilder()
        .withMetadata(PolicyMetadata.of(namespace, owner, purpose, prefix, owner.name(), part))
        .withNewSpec()
        .withPodSelector(pods)
        .withPolicyTypes("Ingress")
        .withIngress(rule)
        .endSpec()
        .build();
  }

  private static NetworkPolicy egressPolicy(
      Owner owner,
      String namespace,
      String purpose,
      LabelSelector pods,
      NetworkPolicyEgressRule rule,
      String prefix,
      String part) {
    return new NetworkPolicyBuilder()
        .withMetadata(PolicyMetadata.of(namespace, owner, purpose, prefix, owner.name(), part))
        .withNewSpec()
        .withPodSelector(pods)
        .withPolicyTypes("Egress")
        .withEgress(rule)
        .endSpec()
        .build();
  }
}
