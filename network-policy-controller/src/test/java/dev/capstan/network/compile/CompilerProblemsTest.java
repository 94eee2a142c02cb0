package dev.capstan.network.compile;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.network.testing.Intents.cidr;
import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.egressTo;
import static dev.capstan.network.testing.Intents.everything;
import static dev.capstan.network.testing.Intents.fromNamespaces;
import static dev.capstan.network.testing.Intents.monitoring;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.rule;
import static dev.capstan.network.testing.Intents.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.crds.network.v1alpha1.SelectorOperator;
import dev.capstan.crds.network.v1alpha1.SelectorRequirement;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.network.compile.Problem.Severity;
import dev.capstan.network.ip.Cidr;
import dev.capstan.network.testing.IntentTopology;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Unsatisfiable or conflicting intents come back as problems, never as exceptions, and never by
 * generating something that allows more than asked.
 */
class CompilerProblemsTest {

  private static final CompileContext CONTEXT =
      new CompileContext(IntentTopology.namespaces(), List.of(Cidr.of(IntentTopology.POD_CIDR)));

  private static Compilation compiled(NamespacePosture p) {
    return PostureCompiler.compile(List.of(p), CONTEXT).get(p.getMetadata().getName());
  }

  private static List<String> names(Compilation c) {
    return c.policies().stream()
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .toList();
  }

  private static NetworkPolicy named(Compilation c, String namespace, String name) {
    return c.policies().stream()
        .filter(
            p ->
                p.getMetadata().getNamespace().equals(namespace)
                    && p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void overlappingPosturesThatDisagreeOnDenyAreAConflictForTheOpenOne() {
    NamespacePosture open = deny(posture("open", sel("ns", "x")), true, false);
    NamespacePosture strict = posture("strict", sel("tier", "apps"));
    var out = PostureCompiler.compile(List.of(open, strict), CONTEXT);
    assertThat(out.get("open").problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.message())
                  .contains("namespace x is also selected by posture strict, which denies egress")
                  .contains("Make the namespace selectors disjoint");
            });
    assertThat(out.get("strict").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING));
    assertThat(names(out.get("strict"))).contains("x/capstan-posture.strict.default-deny");
  }

  @Test
  void cidrInsideThePodCidrIsRefusedAndLeftOut() {
    Compilation c =
        compiled(
            egressTo(posture("p", sel("ns", "x")), cidr("10.244.3.0/24"), cidr("203.0.113.0/24")));
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.allowEgressTo[0].cidr"));
    NetworkPolicy cidrs = named(c, "x", "capstan-posture.p.egress-cidrs");
    assertThat(cidrs.getSpec().getEgress().get(0).getTo())
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("203.0.113.0/24");
  }

  @Test
  void cidrAroundThePodCidrGetsItAsAnExcept() {
    Compilation c =
        compiled(egressTo(posture("p", sel("ns", "x")), cidr("10.0.0.0/8", "10.1.0.0/16")));
    assertThat(c.hasErrors()).isFalse();
    assertThat(c.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING));
    assertThat(
            named(c, "x", "capstan-posture.p.egress-cidrs")
                .getSpec()
                .getEgress()
                .get(0)
                .getTo()
                .get(0)
                .getIpBlock()
                .getExcept())
        .containsExactly("10.1.0.0/16", "10.244.0.0/16");
    Compilation already =
        compiled(egressTo(posture("p", sel("ns", "x")), cidr("10.0.0.0/8", "10.244.0.0/15")));
    assertThat(already.problems()).as("an except already covers the pod CIDR").isEmpty();
  }

  @Test
  void badExceptLeavesTheWholeBlockOutRatherThanAllowingMore() {
    Compilation c =
        compiled(egressTo(posture("p", sel("ns", "x")), cidr("203.0.113.0/24", "198.51.100.0/24")));
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.problems().get(0).field()).isEqualTo("spec.allowEgressTo[0].except[0]");
    assertThat(names(c)).doesNotContain("x/capstan-posture.p.egress-cidrs");
    Compilation hostBits = compiled(egressTo(posture("p", sel("ns", "x")), cidr("203.0.113.7/24")));
    assertThat(hostBits.problems()).singleElement().asString().contains("host bits");
  }

  @Test
  void emptyNamespaceSelectorGeneratesNothing() {
    Compilation c = compiled(posture("everything", new Selector()));
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.policies()).isEmpty();
    assertThat(c.problems().get(0).message()).contains("kube-system included");
  }

  @Test
  void allowsForAnOpenDirectionAreIgnoredWithAWarning() {
    NamespacePosture p =
        egressTo(
            monitoring(
                fromNamespaces(deny(posture("p", sel("ns", "x")), false, false), sel("ns", "z")),
                sel("purpose", "monitoring"),
                null,
                NetworkPort.of(TCP, 9090)),
            cidr("203.0.113.0/24"));
    Compilation c = compiled(p);
    assertThat(c.hasErrors()).isFalse();
    assertThat(c.policies()).as("an allow in an open direction would isolate the pods").isEmpty();
    assertThat(c.problems())
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "spec.allowFromNamespaces",
            "spec.allowEgressTo",
            "spec.monitoring",
            "spec.defaultDeny");
  }

  @Test
  void invalidSelectorsAndEmptyMonitoringAreErrors() {
    Selector bad = new Selector();
    bad.setMatchExpressions(List.of(new SelectorRequirement("ns", SelectorOperator.In, List.of())));
    Compilation c = compiled(posture("bad", bad));
    assertThat(c.policies()).isEmpty();
    assertThat(c.problems())
        .anySatisfy(p -> assertThat(p.message()).contains("In needs at least one value"));

    Compilation mon =
        compiled(monitoring(posture("m", sel("ns", "x")), null, null, NetworkPort.of(TCP, 9090)));
    assertThat(mon.hasErrors()).isTrue();
    assertThat(names(mon)).doesNotContain("x/capstan-posture.m.monitoring");
  }

  @Test
  void dnsNamespaceWarnings() {
    Compilation missing =
        compiled(
            dev.capstan.network.testing.Intents.dns(
                posture("p", sel("ns", "x")), "coredns-system", sel("app", "dns")));
    assertThat(missing.problems())
        .singleElement()
        .asString()
        .contains("coredns-system does not exist");
    Compilation system =
        compiled(posture("system", sel("kubernetes.io/metadata.name", "kube-system")));
    assertThat(system.problems()).singleElement().asString().contains("where the DNS pods run");
  }

  @Test
  void invalidPortEntriesAreLeftOutAndNoValidPortMeansNothing() {
    NetworkPort low = NetworkPort.range(TCP, 90, 80);
    NetworkPort namedRange = NetworkPort.named(TCP, "http");
    namedRange.setEndPort(90);
    TrafficRule some =
        rule(
            "y",
            "some",
            sel("ns", "x"),
            sel("pod", "a"),
            sel("pod", "b"),
            low,
            NetworkPort.of(TCP, 80));
    Compilation c = TrafficRuleCompiler.compile(some, CONTEXT, Set.of());
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.ports[0]"));
    assertThat(c.policies())
        .singleElement()
        .satisfies(p -> assertThat(p.getSpec().getIngress().get(0).getPorts()).hasSize(1));

    TrafficRule none =
        rule("y", "none", sel("ns", "x"), sel("pod", "a"), sel("pod", "b"), low, namedRange);
    Compilation nothing = TrafficRuleCompiler.compile(none, CONTEXT, Set.of());
    assertThat(nothing.policies()).as("an empty port list would allow every port").isEmpty();
    assertThat(nothing.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("endPort cannot be used with portName http"))
        .anySatisfy(m -> assertThat(m).contains("no valid port"));
  }

  @Test
  void everyPodOfEveryNamespaceAsSourceIsRefused() {
    TrafficRule r =
        rule("y", "all", everything(), everything(), sel("pod", "b"), NetworkPort.of(TCP, 80));
    Compilation c = TrafficRuleCompiler.compile(r, CONTEXT, Set.of());
    assertThat(c.hasErrors()).isTrue();
    assertThat(c.policies()).isEmpty();
  }

  @Test
  void sourcesInNoNamespaceYetIsAWarningAndDuplicatePortsAreDropped() {
    TrafficRule r =
        rule(
            "y",
            "future",
            sel("ns", "q"),
            sel("pod", "a"),
            sel("pod", "b"),
            NetworkPort.of(TCP, 80),
            NetworkPort.of(TCP, 80));
    Compilation c = TrafficRuleCompiler.compile(r, CONTEXT, Set.of("x"));
    assertThat(c.hasErrors()).isFalse();
    assertThat(c.problems())
        .extracting(Problem::message)
        .containsExactly(
            "repeats an earlier port entry",
            "matches no namespace yet; the rule takes effect when one appears");
    assertThat(c.policies())
        .singleElement()
        .satisfies(p -> assertThat(p.getSpec().getIngress().get(0).getPorts()).hasSize(1));
  }

  @Test
  void egressSideOnlyWhereAPostureDeniesEgress() {
    TrafficRule r =
        rule(
            "y",
            "r",
            sel("tier", "apps"),
            sel("pod", "a"),
            sel("pod", "b"),
            NetworkPort.of(TCP, 80));
    assertThat(names(TrafficRuleCompiler.compile(r, CONTEXT, Set.of())))
        .containsExactly("y/capstan-rule.y.r.ingress");
    assertThat(names(TrafficRuleCompiler.compile(r, CONTEXT, Set.of("x", "z"))))
        .containsExactly("y/capstan-rule.y.r.ingress", "x/capstan-rule.y.r.egress");
    assertThat(
            PostureCompiler.egressDeniedNamespaces(
                List.of(
                    posture("a", sel("ns", "x")), deny(posture("b", sel("ns", "y")), true, false)),
                CONTEXT))
        .containsExactly("x");
  }

  @Test
  void namesAndOwnerLabelsAreDeterministicAndFitTheApiserverLimits() {
    String longName = "a".repeat(70) + "." + "b".repeat(200);
    TrafficRule r =
        rule("y", longName, null, sel("pod", "a"), sel("pod", "b"), NetworkPort.of(TCP, 80));
    NetworkPolicy p = TrafficRuleCompiler.compile(r, CONTEXT, Set.of()).policies().get(0);
    String name = p.getMetadata().getName();
    assertThat(name).hasSizeLessThanOrEqualTo(253).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    assertThat(name)
        .isEqualTo(
            TrafficRuleCompiler.compile(r, CONTEXT, Set.of())
                .policies()
                .get(0)
                .getMetadata()
                .getName());
    Map<String, String> labels = p.getMetadata().getLabels();
    assertThat(labels.get(PolicyMetadata.OWNER_NAME_LABEL))
        .hasSize(63)
        .matches("[a-z0-9]+-[0-9a-f]{8}");
    assertThat(labels)
        .containsEntry(PolicyMetadata.MANAGED_BY_LABEL, "capstan-network")
        .containsEntry(PolicyMetadata.OWNER_NAMESPACE_LABEL, "y");
    assertThat(p.getMetadata().getAnnotations())
        .containsEntry(PolicyMetadata.OWNER_ANNOTATION, "TrafficRule/y/" + longName);
    assertThat(PolicyMetadata.fit(longName, 63))
        .isNotEqualTo(PolicyMetadata.fit(longName + "x", 63));
  }

  @Test
  void generatedPoliciesAlwaysSetPolicyTypesAndProtocol() {
    List<NetworkPolicy> all =
        NetworkIntentCompiler.policies(
            NetworkIntentCompiler.compile(
                List.of(
                    monitoring(
                        fromNamespaces(posture("p", sel("tier", "apps")), sel("ns", "z")),
                        sel("purpose", "monitoring"),
                        null,
                        NetworkPort.of(TCP, 9090)),
                    posture("system", sel("kubernetes.io/metadata.name", "kube-system"))),
                List.of(
                    rule(
                        "y",
                        "r",
                        sel("ns", "x"),
                        sel("pod", "a"),
                        sel("pod", "b"),
                        NetworkPort.of(TCP, 80),
                        NetworkPort.named(TCP, "http"))),
                CONTEXT));
    assertThat(all).hasSizeGreaterThan(10);
    assertThat(all).allSatisfy(p -> assertThat(p.getSpec().getPolicyTypes()).isNotEmpty());
    assertThat(
            all.stream()
                .flatMap(p -> p.getSpec().getIngress().stream())
                .flatMap(r -> r.getPorts().stream()))
        .isNotEmpty()
        .allSatisfy(port -> assertThat(port.getProtocol()).isNotNull());
    assertThat(
            all.stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .flatMap(r -> r.getPorts().stream()))
        .isNotEmpty()
        .allSatisfy(port -> assertThat(port.getProtocol()).isNotNull());
  }
}
