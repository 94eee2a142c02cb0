package dev.capstan.network.evaluation;

import static dev.capstan.crds.network.v1alpha1.Protocol.SCTP;
import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Np.all;
import static dev.capstan.network.testing.Np.anyPort;
import static dev.capstan.network.testing.Np.emptyPeer;
import static dev.capstan.network.testing.Np.expression;
import static dev.capstan.network.testing.Np.from;
import static dev.capstan.network.testing.Np.fromAny;
import static dev.capstan.network.testing.Np.ipBlock;
import static dev.capstan.network.testing.Np.labels;
import static dev.capstan.network.testing.Np.named;
import static dev.capstan.network.testing.Np.namespaces;
import static dev.capstan.network.testing.Np.namespacesAndPods;
import static dev.capstan.network.testing.Np.peers;
import static dev.capstan.network.testing.Np.pods;
import static dev.capstan.network.testing.Np.policy;
import static dev.capstan.network.testing.Np.port;
import static dev.capstan.network.testing.Np.portWithoutProtocol;
import static dev.capstan.network.testing.Np.range;
import static dev.capstan.network.testing.Np.to;
import static dev.capstan.network.testing.Np.toAny;
import static dev.capstan.network.testing.Reachability.allowAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.network.testing.Reachability;
import dev.capstan.network.testing.Xyz;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluator against the Kubernetes e2e netpol model: namespaces x/y/z, pods a/b/c, ports 80/81
 * on TCP/UDP/SCTP. Each case names the semantic rule it checks and states the expected truth table
 * as a default plus exceptions. Every cell but loopback (undefined, ignored as in the e2e suite) is
 * compared, and the explained single-query path must agree with the matrix path cell by cell.
 */
class NetworkPolicyTruthTableTest {

  record Case(
      String rule,
      List<NetworkPolicy> policies,
      int port,
      Protocol protocol,
      Reachability expected) {
    @Override
    public String toString() {
      return rule + " [" + protocol + "/" + port + "]";
    }
  }

  static Case c(
      String rule, int port, Protocol protocol, Reachability expected, NetworkPolicy... policies) {
    return new Case(rule, List.of(policies), port, protocol, expected);
  }

  static NetworkPolicy denyIngress(String ns) {
    return policy(ns, "deny-ingress").types("Ingress").build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("no policy: every pod is non-isolated, all traffic allowed", 80, TCP, allowAll()),
        c(
            "isolation is per direction: deny-all ingress in x blocks * -> x, not x -> *",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            denyIngress("x")),
        c(
            "egress isolation: policyTypes [Egress] without rules blocks x -> *, not * -> x",
            80,
            TCP,
            allowAll().deny("x/*", "*"),
            policy("x", "deny-egress").types("Egress").build()),
        c(
            "deny-all both directions: policyTypes [Ingress, Egress] without rules",
            80,
            TCP,
            allowAll().deny("*", "x/*").deny("x/*", "*"),
            policy("x", "deny-all").types("Ingress", "Egress").build()),
        c(
            "policyTypes omitted and no rules: defaults to [Ingress] only",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "no-types").build()),
        c(
            "policyTypes omitted with egress rules: defaults to [Ingress, Egress], ingress denied",
            80,
            TCP,
            allowAll().deny("*", "x/*").deny("x/*", "*").allow("x/*", "y/*"),
            policy("x", "egress-to-y").egress(to(peers(namespaces(labels("ns", "y"))))).build()),
        c(
            "ingress rules do not count when policyTypes lists only Egress",
            80,
            TCP,
            allowAll().deny("x/*", "*"),
            policy("x", "egress-only")
                .types("Egress")
                .ingress(from(peers(pods(labels("pod", "a")))))
                .build()),
        c(
            "a listed direction with an empty rule list denies: [Ingress, Egress] with ingress only",
            80,
            TCP,
            allowAll().deny("x/*", "*"),
            policy("x", "ingress-open").types("Ingress", "Egress").ingress(fromAny()).build()),
        c(
            "the empty rule {} allows every peer and port in that direction",
            81,
            UDP,
            allowAll(),
            policy("x", "allow-all-ingress").types("Ingress").ingress(fromAny()).build()),
        c(
            "allows add up across policies selecting the same pod",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*").allow("z/b", "x/*"),
            denyIngress("x"),
            policy("x", "from-y")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "y")))))
                .build(),
            policy("x", "from-z-b")
                .types("Ingress")
                .ingress(from(peers(namespacesAndPods(labels("ns", "z"), labels("pod", "b")))))
                .build()),
        c(
            "allows add up across the rules of one policy",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*").allow("z/b", "x/*"),
            policy("x", "two-rules")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "y")))))
                .ingress(from(peers(namespacesAndPods(labels("ns", "z"), labels("pod", "b")))))
                .build()),
        c(
            "podSelector alone selects pods in the policy's own namespace",
            80,
            TCP,
            allowAll().deny("*", "y/*").allow("y/b", "y/*"),
            policy("y", "from-b")
                .types("Ingress")
                .ingress(from(peers(pods(labels("pod", "b")))))
                .build()),
        c(
            "namespaceSelector alone selects every pod of the matching namespaces",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*"),
            policy("x", "from-y")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "y")))))
                .build()),
        c(
            "namespaceSelector and podSelector in one element: AND",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/b", "x/*"),
            policy("x", "from-y-and-b")
                .types("Ingress")
                .ingress(from(peers(namespacesAndPods(labels("ns", "y"), labels("pod", "b")))))
                .build()),
        c(
            "namespaceSelector and podSelector in separate elements: OR",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*").allow("x/b", "x/*"),
            policy("x", "from-y-or-b")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "y")), pods(labels("pod", "b")))))
                .build()),
        c(
            "namespaceSelector {} selects every namespace",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("*/*", "x/*"),
            denyIngress("x"),
            policy("x", "from-everywhere")
                .types("Ingress")
                .ingress(from(peers(namespaces(all()))))
                .build()),
        c(
            "namespaceSelector {} AND podSelector: those pods in every namespace",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("*/c", "x/*"),
            policy("x", "from-any-c")
                .types("Ingress")
                .ingress(from(peers(namespacesAndPods(all(), labels("pod", "c")))))
                .build()),
        c(
            "the policy's podSelector decides which pods are isolated",
            80,
            TCP,
            allowAll().deny("*", "x/a"),
            policy("x", "isolate-a").select(labels("pod", "a")).types("Ingress").build()),
        c(
            "policies are namespaced: a policy in y never isolates pods of x",
            80,
            TCP,
            allowAll().deny("*", "y/a"),
            policy("y", "isolate-a").select(labels("pod", "a")).types("Ingress").build()),
        c(
            "matchExpressions In",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("*/a", "x/*").allow("*/b", "x/*"),
            policy("x", "in")
                .types("Ingress")
                .ingress(from(peers(namespacesAndPods(all(), expression("pod", "In", "a", "b")))))
                .build()),
        c(
            "matchExpressions NotIn",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("x/*", "x/*").allow("z/*", "x/*"),
            policy("x", "not-in")
                .types("Ingress")
                .ingress(from(peers(namespaces(expression("ns", "NotIn", "y")))))
                .build()),
        c(
            "matchExpressions NotIn matches objects without the label",
            80,
            TCP,
            allowAll(),
            policy("x", "not-in-absent")
                .types("Ingress")
                .ingress(from(peers(namespaces(expression("team", "NotIn", "red")))))
                .build()),
        c(
            "matchExpressions Exists",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("*/a", "x/*"),
            policy("x", "exists")
                .types("Ingress")
                .ingress(
                    from(peers(namespacesAndPods(expression("ns", "Exists"), labels("pod", "a")))))
                .build()),
        c(
            "matchExpressions DoesNotExist",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "does-not-exist")
                .types("Ingress")
                .ingress(from(peers(namespacesAndPods(all(), expression("pod", "DoesNotExist")))))
                .build()),
        c(
            "namespace by name through the kubernetes.io/metadata.name label",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("z/*", "x/*"),
            policy("x", "from-z-by-name")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("kubernetes.io/metadata.name", "z")))))
                .build()),
        c(
            "ipBlock is matched against the peer pod's IP",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*"),
            policy("x", "from-cidr")
                .types("Ingress")
                .ingress(from(peers(ipBlock("10.2.0.0/16"))))
                .build()),
        c(
            "ipBlock except removes addresses from that peer",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*").deny("y/b", "x/*"),
            policy("x", "from-cidr-except")
                .types("Ingress")
                .ingress(from(peers(ipBlock("10.2.0.0/16", "10.2.0.2/32"))))
                .build()),
        c(
            "ipBlock except narrows only its own peer: another rule still allows the range",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("y/*", "x/*"),
            policy("x", "from-cidr-except")
                .types("Ingress")
                .ingress(from(peers(ipBlock("10.2.0.0/16", "10.2.0.2/32"))))
                .build(),
            policy("x", "from-y")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "y")))))
                .build()),
        c(
            "ipBlock in egress rules",
            80,
            TCP,
            allowAll().deny("x/*", "*").allow("x/*", "z/*"),
            policy("x", "to-cidr")
                .types("Egress")
                .egress(to(peers(ipBlock("10.3.0.0/16"))))
                .build()),
        c(
            "numeric port: the rule allows its port",
            80,
            TCP,
            allowAll(),
            policy("x", "tcp-80").types("Ingress").ingress(fromAny(port(TCP, 80))).build()),
        c(
            "numeric port: the rule does not allow another port",
            81,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "tcp-80").types("Ingress").ingress(fromAny(port(TCP, 80))).build()),
        c(
            "protocol defaults to TCP: port 80 without protocol allows TCP 80",
            80,
            TCP,
            allowAll(),
            policy("x", "port-80")
                .types("Ingress")
                .ingress(fromAny(portWithoutProtocol(80)))
                .build()),
        c(
            "protocol defaults to TCP: port 80 without protocol does not allow UDP 80",
            80,
            UDP,
            allowAll().deny("*", "x/*"),
            policy("x", "port-80")
                .types("Ingress")
                .ingress(fromAny(portWithoutProtocol(80)))
                .build()),
        c(
            "UDP rule allows UDP",
            80,
            UDP,
            allowAll(),
            policy("x", "udp-80").types("Ingress").ingress(fromAny(port(UDP, 80))).build()),
        c(
            "UDP rule does not allow TCP on the same port",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "udp-80").types("Ingress").ingress(fromAny(port(UDP, 80))).build()),
        c(
            "SCTP rule allows SCTP",
            81,
            SCTP,
            allowAll(),
            policy("x", "sctp-81").types("Ingress").ingress(fromAny(port(SCTP, 81))).build()),
        c(
            "SCTP rule does not allow another SCTP port",
            80,
            SCTP,
            allowAll().deny("*", "x/*"),
            policy("x", "sctp-81").types("Ingress").ingress(fromAny(port(SCTP, 81))).build()),
        c(
            "a port entry with only a protocol allows every port of it",
            81,
            UDP,
            allowAll().deny("*", "y/*").allow("x/*", "y/*"),
            policy("y", "any-udp-from-x")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "x"))), anyPort(UDP)))
                .build()),
        c(
            "endPort: the range port..endPort includes endPort",
            81,
            TCP,
            allowAll(),
            policy("x", "range").types("Ingress").ingress(fromAny(range(TCP, 80, 81))).build()),
        c(
            "endPort: a port below the range is not allowed",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "range").types("Ingress").ingress(fromAny(range(TCP, 81, 90))).build()),
        c(
            "several ports in one rule: any of them",
            81,
            UDP,
            allowAll(),
            policy("x", "ports")
                .types("Ingress")
                .ingress(fromAny(port(TCP, 80), port(UDP, 81)))
                .build()),
        c(
            "named port resolves on the destination pod: serve-81-tcp allows TCP 81",
            81,
            TCP,
            allowAll(),
            policy("x", "named")
                .types("Ingress")
                .ingress(fromAny(named(TCP, "serve-81-tcp")))
                .build()),
        c(
            "named port resolves to one number: serve-81-tcp does not allow TCP 80",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "named")
                .types("Ingress")
                .ingress(fromAny(named(TCP, "serve-81-tcp")))
                .build()),
        c(
            "named port resolves for the rule's protocol only: no UDP port is named serve-80-tcp",
            80,
            UDP,
            allowAll().deny("*", "x/*"),
            policy("x", "named-udp")
                .types("Ingress")
                .ingress(fromAny(named(UDP, "serve-80-tcp")))
                .build()),
        c(
            "named port in an egress rule resolves on the destination pod",
            80,
            UDP,
            allowAll().deny("x/*", "*").allow("x/*", "y/*"),
            policy("x", "egress-named")
                .types("Egress")
                .egress(to(peers(namespaces(labels("ns", "y"))), named(UDP, "serve-80-udp")))
                .build()),
        c(
            "both ends must agree: source egress and destination ingress",
            80,
            TCP,
            allowAll().deny("x/*", "*").allow("x/*", "y/*").deny("*", "y/*").allow("z/*", "y/*"),
            policy("x", "egress-to-y")
                .types("Egress")
                .egress(to(peers(namespaces(labels("ns", "y")))))
                .build(),
            policy("y", "ingress-from-z")
                .types("Ingress")
                .ingress(from(peers(namespaces(labels("ns", "z")))))
                .build()),
        c(
            "egress to namespaceSelector {} reaches every pod",
            80,
            TCP,
            allowAll(),
            policy("x", "egress-anywhere")
                .types("Egress")
                .egress(to(peers(namespaces(all()))))
                .build()),
        c(
            "podSelector {} alone: every pod of the policy's namespace",
            80,
            TCP,
            allowAll().deny("*", "x/*").allow("x/*", "x/*"),
            denyIngress("x"),
            policy("x", "same-namespace")
                .types("Ingress")
                .ingress(from(peers(pods(all()))))
                .build()),
        c(
            "a peer with neither selector nor ipBlock (rejected by the apiserver) matches nothing",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "empty-peer").types("Ingress").ingress(from(peers(emptyPeer()))).build()),
        c(
            "a selector the apiserver rejects (In without values) matches nothing",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "bad-selector")
                .types("Ingress")
                .ingress(from(peers(namespaces(expression("ns", "In")))))
                .build()),
        c(
            "an invalid port range (endPort below port) matches nothing",
            80,
            TCP,
            allowAll().deny("*", "x/*"),
            policy("x", "bad-range").types("Ingress").ingress(fromAny(range(TCP, 81, 80))).build()),
        c(
            "egress rule with a port allows only that port: other ports denied",
            81,
            TCP,
            allowAll().deny("x/*", "*"),
            policy("x", "egress-80").types("Egress").egress(toAny(port(TCP, 80))).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void truthTable(Case c) {
    NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(Xyz.snapshot(c.policies()));
    ReachabilityMatrix matrix = evaluator.matrix(PortRef.number(c.port()), c.protocol());
    List<String> wrong = new ArrayList<>();
    List<PodInfo> pods = matrix.pods();
    int checked = 0;
    for (int s = 0; s < pods.size(); s++) {
      for (int d = 0; d < pods.size(); d++) {
        String from = pods.get(s).key();
        String to = pods.get(d).key();
        Verdict slow = evaluator.evaluate(from, to, PortRef.number(c.port()), c.protocol());
        assertThat(slow.egressAllowed())
            .as("explained path vs matrix, egress %s -> %s", from, to)
            .isEqualTo(matrix.egressAllowed(s, d));
        assertThat(slow.ingressAllowed())
            .as("explained path vs matrix, ingress %s -> %s", from, to)
            .isEqualTo(matrix.ingressAllowed(s, d));
        if (s == d) {
          assertThat(matrix.undefined(s, d)).as("loopback is undefined").isTrue();
          continue;
        }
        checked++;
        if (matrix.allowed(s, d) != c.expected().expected(from, to)) {
          wrong.add(
              from
                  + " -> "
                  + to
                  + " expected "
                  + (c.expected().expected(from, to) ? "allowed" : "denied")
                  + ": "
                  + String.join(" | ", slow.explanation()));
        }
      }
    }
    assertThat(checked).isEqualTo(72);
    assertThat(wrong)
        .as("rule: %s%nexpected: %s%nobserved:%n%s", c.rule(), c.expected(), matrix.render())
        .isEmpty();
  }
}
