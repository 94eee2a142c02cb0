package dev.capstan.network.evaluation;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Np.from;
import static dev.capstan.network.testing.Np.ipBlock;
import static dev.capstan.network.testing.Np.labels;
import static dev.capstan.network.testing.Np.named;
import static dev.capstan.network.testing.Np.namespaces;
import static dev.capstan.network.testing.Np.namespacesAndPods;
import static dev.capstan.network.testing.Np.peers;
import static dev.capstan.network.testing.Np.policy;
import static dev.capstan.network.testing.Np.port;
import static dev.capstan.network.testing.Np.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.network.testing.Xyz;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a verdict says beyond allowed/denied: who decided, undefined cases, named ports. */
class VerdictExplanationTest {

  private static final NetworkPolicy DENY_X = policy("x", "deny-ingress").types("Ingress").build();
  private static final NetworkPolicy ALLOW_Y_B =
      policy("x", "from-y-b")
          .types("Ingress")
          .ingress(
              from(
                  peers(
                      namespaces(labels("ns", "z")),
                      namespacesAndPods(labels("ns", "y"), labels("pod", "b"))),
                  port(UDP, 53),
                  port(TCP, 80)))
          .build();

  private static NetworkPolicyEvaluator evaluator(NetworkPolicy... policies) {
    return new NetworkPolicyEvaluator(Xyz.snapshot(List.of(policies)));
  }

  @Test
  void notIsolatedSaysSo() {
    Verdict v = evaluator(DENY_X).evaluate("x/a", "y/b", PortRef.number(80), TCP);
    assertThat(v.allowed()).isTrue();
    assertThat(v.egress().isolated()).isFalse();
    assertThat(v.egress().explain())
        .isEqualTo(
            "egress of x/a: allowed, not isolated (no NetworkPolicy with policyType Egress selects"
                + " it)");
  }

  @Test
  void allowingRuleIsNamedWithPolicyRulePeerAndPort() {
    Verdict v = evaluator(DENY_X, ALLOW_Y_B).evaluate("y/b", "x/a", PortRef.number(80), TCP);
    assertThat(v.allowed()).isTrue();
    assertThat(v.ingress().isolatingPolicies()).containsExactly("x/deny-ingress", "x/from-y-b");
    assertThat(v.ingress().allowedBy())
        .containsExactly(
            new RuleRef(
                "x/from-y-b",
                Direction.INGRESS,
                0,
                "from[1] namespaceSelector AND podSelector",
                "ports[1] TCP 80",
                false));
    assertThat(v.ingress().explain())
        .isEqualTo(
            "ingress of x/a: isolated by x/deny-ingress, x/from-y-b; allowed by x/from-y-b"
                + " ingress[0] (from[1] namespaceSelector AND podSelector; ports[1] TCP 80)");
  }

  @Test
  void deniedNamesTheIsolatingPolicies() {
    Verdict v = evaluator(DENY_X, ALLOW_Y_B).evaluate("y/a", "x/a", PortRef.number(80), TCP);
    assertThat(v.allowed()).isFalse();
    assertThat(v.egressAllowed()).isTrue();
    assertThat(v.ingressAllowed()).isFalse();
    assertThat(v.explanation())
        .containsExactly(
            "y/a -> x/a TCP/80: denied",
            "egress of y/a: allowed, not isolated (no NetworkPolicy with policyType Egress selects"
                + " it)",
            "ingress of x/a: isolated by x/deny-ingress, x/from-y-b; denied, no ingress rule of"
                + " these allows it");
  }

  @Test
  void everyAllowingRuleIsListed() {
    NetworkPolicy second =
        policy("x", "from-z")
            .types("Ingress")
            .ingress(from(peers(namespaces(labels("ns", "z")))))
            .build();
    Verdict v =
        evaluator(DENY_X, ALLOW_Y_B, second).evaluate("z/c", "x/a", PortRef.number(53), UDP);
    assertThat(v.ingress().allowedBy())
        .extracting(RuleRef::toString)
        .containsExactly(
            "x/from-y-b ingress[0] (from[0] namespaceSelector; ports[0] UDP 53)",
            "x/from-z ingress[0] (from[0] namespaceSelector; ports: any)");
  }

  @Test
  void ipBlockMatchingAPodIpIsFlaggedAsUndefinedForPodIps() {
    NetworkPolicy cidr =
        policy("x", "from-cidr")
            .types("Ingress")
            .ingress(from(peers(ipBlock("10.2.0.0/16"))))
            .build();
    Verdict v = evaluator(cidr).evaluate("y/a", "x/a", PortRef.number(80), TCP);
    assertThat(v.allowed()).isTrue();
    assertThat(v.ingress().allowedBy()).singleElement().matches(RuleRef::ipBlock);
    assertThat(v.notes())
        .containsExactly(
            "ingress allowed only because an ipBlock matched the pod IP 10.2.0.1 of y/a:"
                + " NetworkPolicy leaves ipBlock behaviour for pod IPs undefined (CNIs may not"
                + " apply it)");
  }

  @Test
  void selectorPeerIsPreferredOverIpBlockAndNoNoteIsAdded() {
    NetworkPolicy both =
        policy("x", "both")
            .types("Ingress")
            .ingress(from(peers(ipBlock("10.2.0.0/16"), namespaces(labels("ns", "y")))))
            .build();
    Verdict v = evaluator(both).evaluate("y/a", "x/a", PortRef.number(80), TCP);
    assertThat(v.ingress().allowedBy()).singleElement().matches(r -> !r.ipBlock());
    assertThat(v.notes()).isEmpty();
  }

  @Test
  void loopbackIsUndefined() {
    NetworkPolicyEvaluator e = evaluator(DENY_X);
    Verdict v = e.evaluate("x/a", "x/a", PortRef.number(80), TCP);
    assertThat(v.undefined()).isTrue();
    assertThat(v.allowed()).as("as written: x denies ingress").isFalse();
    assertThat(v.undefinedReasons()).singleElement().asString().contains("loopback");
    assertThat(v.explanation().get(0))
        .isEqualTo("x/a -> x/a TCP/80: denied as written, but undefined");
  }

  @Test
  void hostNetworkPodsAreUndefinedAtEitherEnd() {
    List<PodInfo> pods = new ArrayList<>(Xyz.pods());
    pods.replaceAll(p -> p.key().equals("y/c") ? p.withHostNetwork(true) : p);
    NetworkPolicyEvaluator e =
        new NetworkPolicyEvaluator(ClusterSnapshot.of(Xyz.namespaces(), pods, List.of(DENY_X)));
    Verdict out = e.evaluate("y/c", "x/a", PortRef.number(80), TCP);
    Verdict in = e.evaluate("x/a", "y/c", PortRef.number(80), TCP);
    assertThat(out.undefined()).isTrue();
    assertThat(out.undefinedReasons()).singleElement().asString().contains("y/c uses hostNetwork");
    assertThat(in.undefined()).isTrue();
    assertThat(e.evaluate("x/a", "y/b", PortRef.number(80), TCP).undefined()).isFalse();
    ReachabilityMatrix m = e.matrix(PortRef.number(80), TCP);
    assertThat(m.undefined(m.indexOf("y/c"), m.indexOf("x/a"))).isTrue();
    assertThat(m.undefined(m.indexOf("x/a"), m.indexOf("y/b"))).isFalse();
  }

  /** y/b names TCP 80 "web", y/c names TCP 81 "web"; the other pods have no "web". */
  private static NetworkPolicyEvaluator webTopology(NetworkPolicy... policies) {
    List<PodInfo> pods = new ArrayList<>(Xyz.pods());
    pods.replaceAll(
        p ->
            switch (p.key()) {
              case "y/b" ->
                  Xyz.pod("y", "b", p.ip(), List.of(ContainerPortInfo.of("web", 80, TCP)));
              case "y/c" ->
                  Xyz.pod("y", "c", p.ip(), List.of(ContainerPortInfo.of("web", 81, TCP)));
              default -> p;
            });
    return new NetworkPolicyEvaluator(
        ClusterSnapshot.of(Xyz.namespaces(), pods, List.of(policies)));
  }

  @Test
  void namedPortInEgressRuleResolvesOnEachDestination() {
    NetworkPolicy egressWeb =
        policy("x", "egress-web")
            .types("Egress")
            .egress(to(peers(namespaces(labels("ns", "y"))), named(TCP, "web")))
            .build();
    NetworkPolicyEvaluator e = webTopology(egressWeb);
    assertThat(e.evaluate("x/a", "y/b", PortRef.number(80), TCP).allowed()).isTrue();
    assertThat(e.evaluate("x/a", "y/c", PortRef.number(80), TCP).allowed()).isFalse();
    assertThat(e.evaluate("x/a", "y/c", PortRef.number(81), TCP).allowed()).isTrue();
    assertThat(e.evaluate("x/a", "y/b", PortRef.number(81), TCP).allowed()).isFalse();
    assertThat(e.evaluate("x/a", "y/a", PortRef.number(80), TCP).allowed())
        .as("y/a has no port named web")
        .isFalse();
  }

  @Test
  void queryByNamedPortResolvesOnTheDestinationOrIsInvalid() {
    NetworkPolicyEvaluator e = webTopology(DENY_X);
    Verdict b = e.evaluate("x/a", "y/b", PortRef.name("web"), TCP);
    assertThat(b.invalidNamedPort()).isFalse();
    assertThat(b.resolvedPort()).isEqualTo(80);
    assertThat(b.allowed()).isTrue();
    Verdict a = e.evaluate("x/b", "y/a", PortRef.name("web"), TCP);
    assertThat(a.invalidNamedPort()).isTrue();
    assertThat(a.allowed()).isFalse();
    assertThat(a.explanation())
        .containsExactly(
            "x/b -> y/a TCP/web: invalid named port, y/a declares no TCP container port named web");
    assertThat(e.evaluate("x/a", "y/b", PortRef.name("web"), UDP).invalidNamedPort())
        .as("web is a TCP port")
        .isTrue();
    ReachabilityMatrix m = e.matrix(PortRef.name("web"), TCP);
    assertThat(m.invalidNamedPort(m.indexOf("y/b"))).isFalse();
    assertThat(m.invalidNamedPort(m.indexOf("y/a"))).isTrue();
    assertThat(m.allowed("x/a", "y/c")).isTrue();
    assertThat(m.allowed("x/a", "y/a")).isFalse();
    assertThat(m.allowed("y/a", "x/b")).as("x/b has no port web").isFalse();
  }

  @Test
  void matrixCountsAndRendersLikeTheE2eTruthTable() {
    ReachabilityMatrix m = evaluator(DENY_X).matrix(PortRef.number(80), TCP);
    assertThat(m.countAllowed()).as("81 cells, 27 into x denied (incl. 3 loopback)").isEqualTo(54);
    String table = m.render();
    assertThat(table.lines().toList().get(0)).isEqualTo("TCP/80");
    assertThat(table.lines().toList().get(2)).isEqualTo("x/a\t-\tX\tX\t.\t.\t.\t.\t.\t.");
    assertThat(table.lines().toList().get(5)).isEqualTo("y/a\tX\tX\tX\t-\t.\t.\t.\t.\t.");
  }

  @Test
  void podInfoFromAFabric8PodReadsPortsIpAndHostNetwork() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("x")
            .withName("web")
            .withLabels(Map.of("app", "web"))
            .endMetadata()
            .withNewSpec()
            .withHostNetwork(true)
            .addNewContainer()
            .withName("app")
            .withPorts(
                new ContainerPortBuilder().withName("http").withContainerPort(8080).build(),
                new ContainerPortBuilder()
                    .withName("dns")
                    .withContainerPort(53)
                    .withProtocol("UDP")
                    .build())
            .endContainer()
            .addNewInitContainer()
            .withName("sidecar")
            .withRestartPolicy("Always")
            .withPorts(new ContainerPortBuilder().withName("admin").withContainerPort(9901).build())
            .endInitContainer()
            .addNewInitContainer()
            .withName("init")
            .withPorts(new ContainerPortBuilder().withName("ignored").withContainerPort(1).build())
            .endInitContainer()
            .endSpec()
            .withNewStatus()
            .withPodIP("10.9.0.1")
            .endStatus()
            .build();
    PodInfo info = PodInfo.from(pod);
    assertThat(info.key()).isEqualTo("x/web");
    assertThat(info.ip()).isEqualTo("10.9.0.1");
    assertThat(info.hostNetwork()).isTrue();
    assertThat(info.resolvePort("http", TCP)).hasValue(8080);
    assertThat(info.resolvePort("dns", UDP)).hasValue(53);
    assertThat(info.resolvePort("dns", TCP)).isEmpty();
    assertThat(info.resolvePort("admin", TCP)).hasValue(9901);
    assertThat(info.resolvePort("ignored", TCP)).isEmpty();
  }

  @Test
  void namespacesGetTheNameLabelAndUnknownNamespacesHaveOnlyIt() {
    assertThat(NamespaceInfo.of("x", Map.of("ns", "x")).labels())
        .containsEntry("kubernetes.io/metadata.name", "x")
        .containsEntry("ns", "x");
    ClusterSnapshot snapshot =
        ClusterSnapshot.of(
            List.of(), List.of(PodInfo.of("w", "a", Map.of(), null, List.of())), List.of());
    assertThat(snapshot.namespaceLabels("w"))
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "w"));
  }
}
