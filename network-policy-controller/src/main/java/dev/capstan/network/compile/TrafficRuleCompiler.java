package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.crds.network.v1alpha1.TrafficRuleSpec;
import dev.capstan.network.evaluation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TrafficRule → NetworkPolicy objects, both sides from the same peers and ports:
 *
 * <ul>
 *   <li>ingress, in the rule's namespace: the destination pods accept the source pods (namespace by
 *       name or by the rule's selector, AND the source pod selector) on the ports;
 *   <li>egress, in every source namespace whose egress a NamespacePosture denies: the source pods
 *       may send to the destination pods (the rule's namespace by name AND the destination pod
 *       selector) on the same ports.
 * </ul>
 *
 * <p>Egress is opened only where a posture denies it. Elsewhere the sources are not egress-isolated
 * by Capstan, and an egress policy would newly isolate pods of another namespace, cutting their DNS
 * and every other egress: a TrafficRule never takes reachability away from pods outside its own
 * namespace. Named ports resolve on the destination pods on both sides.
 */
public final class TrafficRuleCompiler {

  public static final String KIND = TrafficRule.KIND;

  private TrafficRuleCompiler() {}

  public static Compilation compile(
      TrafficRule rule, CompileContext context, Set<String> egressDeniedNamespaces) {
    String namespace = rule.getMetadata().getNamespace();
    String name = rule.getMetadata().getName();
    Owner owner = new Owner(KIND, namespace, name);
    List<Problem> problems = new ArrayList<>();
    TrafficRuleSpec spec = rule.getSpec();
    if (spec == null || spec.getFrom() == null || spec.getTo() == null) {
      problems.add(Problem.error("spec", "needs from and to; nothing is generated"));
      return new Compilation(owner, List.of(), problems);
    }
    if (spec.getFrom().getPodSelector() == null || spec.getTo().getPodSelector() == null) {
      problems.add(
          Problem.error(
              "spec", "from.podSelector and to.podSelector are required; nothing is generated"));
      return new Compilation(owner, List.of(), problems);
    }
    boolean everyNamespace =
        spec.getFrom().getNamespaceSelector() != null
            && spec.getFrom().getNamespaceSelector().isEmpty();
    if (everyNamespace && spec.getFrom().getPodSelector().isEmpty()) {
      problems.add(
          Problem.error(
              "spec.from",
              "an empty namespaceSelector with an empty podSelector would let every pod of the"
                  + " cluster in; name the source pods in from.podSelector. Nothing is generated"));
      return new Compilation(owner, List.of(), problems);
    }
    Optional<LabelSelector> sourcePods =
        Selectors.convert(spec.getFrom().getPodSelector(), "spec.from.podSelector", problems);
    Optional<LabelSelector> sourceNamespaces =
        spec.getFrom().getNamespaceSelector() == null
            ? Optional.of(Selectors.namespaceNamed(namespace))
            : Selectors.convert(
                spec.getFrom().getNamespaceSelector(), "spec.from.namespaceSelector", problems);
    Optional<LabelSelector> destinationPods =
        Selectors.convert(spec.getTo().getPodSelector(), "spec.to.podSelector", problems);
    List<NetworkPolicyPort> ports =
        Ports.convert(
            spec.getPorts() == null ? List.of() : spec.getPorts(), "spec.ports", problems);
    if (ports.isEmpty()) {
      problems.add(
          Problem.error(
              "spec.ports",
              "no valid port: nothing is generated (an empty port list would allow every port)"));
    }
    if (sourcePods.isEmpty()
        || sourceNamespaces.isEmpty()
        || destinationPods.isEmpty()
        || ports.isEmpty()) {
      return new Compilation(owner, List.of(), problems);
    }

    List<NetworkPolicy> policies = new ArrayList<>();
    NetworkPolicyPeer source =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(sourceNamespaces.get())
            .withPodSelector(sourcePods.get())
            .build();
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(
                PolicyMetadata.of(
                    namespace,
                    owner,
                    "ingress side of TrafficRule " + namespace + "/" + name,
                    "capstan-rule",
                    namespace,
                    name,
                    "ingress"))
            .withNewSpec()
            .withPodSelector(destinationPods.get())
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(source)
            .withPorts(ports)
            .endIngress()
            .endSpec()
            .build());

    List<String> sourceNamespaceNames =
        context.namespaces().stream()
            .filter(ns -> Selectors.matches(sourceNamespaces.get(), ns.labels()))
            .map(NamespaceInfo::name)
            .sorted(Comparator.naturalOrder())
            .toList();
    if (sourceNamespaceNames.isEmpty()) {
      problems.add(
          Problem.warning(
              "spec.from.namespaceSelector",
              "matches no namespace yet; the rule takes effect when one appears"));
    }
    NetworkPolicyPeer destination =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(Selectors.namespaceNamed(namespace))
            .withPodSelector(destinationPods.get())
            .build();
    for (String sourceNamespace : sourceNamespaceNames) {
      if (!egressDeniedNamespaces.contains(sourceNamespace)) {
        continue;
      }
      policies.add(
          new NetworkPolicyBuilder()
              .withMetadata(
                  PolicyMetadata.of(
                      sourceNamespace,
                      owner,
                      "egress side of TrafficRule " + namespace + "/" + name,
                      "capstan-rule",
                      namespace,
                      name,
                      "egress"))
              .withNewSpec()
              .withPodSelector(sourcePods.get())
              .withPolicyTypes("Egress")
              .addNewEgress()
              .withTo(destination)
              .withPorts(ports)
              .endEgress()
              .endSpec()
              .build());
    }
    return new Compilation(owner, policies, problems);
  }
}
