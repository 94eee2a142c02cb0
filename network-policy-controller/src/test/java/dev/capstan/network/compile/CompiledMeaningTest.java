package dev.capstan.network.compile;

import static dev.capstan.crds.network.v1alpha1.Protocol.SCTP;
import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Intents.cidr;
import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.dns;
import static dev.capstan.network.testing.Intents.egressTo;
import static dev.capstan.network.testing.Intents.everything;
import static dev.capstan.network.testing.Intents.fromNamespaces;
import static dev.capstan.network.testing.Intents.in;
import static dev.capstan.network.testing.Intents.monitoring;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.rule;
import static dev.capstan.network.testing.Intents.sel;
import static dev.capstan.network.testing.Intents.withinNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.network.evaluation.ClusterSnapshot;
import dev.capstan.network.evaluation.NetworkPolicyEvaluator;
import dev.capstan.network.evaluation.PodInfo;
import dev.capstan.network.evaluation.PortRef;
import dev.capstan.network.evaluation.ReachabilityMatrix;
import dev.capstan.network.ip.Cidr;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.lint.NetworkPolicyLinter;
import dev.capstan.network.testing.IntentModel;
import dev.capstan.network.testing.IntentTopology;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per case: compile the intents, evaluate the all-pairs matrix of the generated NetworkPolicies on
 * the proof topology for ports 53, 80, 81, 9090 on TCP, UDP and SCTP, and require every cell's
 * egress and ingress to equal what the intents mean ({@link IntentModel}). The generated policies
 * must also compile without errors and pass the linter (endPort aside).
 */
class CompiledMeaningTest {

  private static final List<Integer> PORTS = List.of(53, 80, 81, 9090);
  private static final List<Cidr> POD_CIDRS = List.of(Cidr.of(IntentTopology.POD_CIDR));

  record Case(
      String intent,
      List<NamespacePosture> postures,
      List<TrafficRule> rules,
      List<Cidr> podCidrs) {
    @Override
    public String toString() {
      return intent;
    }
  }

  static Case c(String intent, List<NamespacePosture> postures, List<TrafficRule> rules) {
    return new Case(intent, postures, rules, POD_CIDRS);
  }

  static NamespacePosture apps() {
    return posture("apps", sel("tier", "apps"));
  }

  static NetworkPort tcp(int port) {
    return NetworkPort.of(TCP, port);
  }

  static Stream<Case> cases() {
    return Stream.of(
        c(
            "baseline posture: deny both directions, DNS and same namespace allowed",
            List.of(apps()),
            List.of()),
        c("ingress-only posture leaves egress open", List.of(deny(apps(), true, false)), List.of()),
        c(
            "egress-only posture keeps DNS on UDP and TCP 53",
            List.of(deny(apps(), false, true)),
            List.of()),
        c(
            "posture without traffic within the namespace",
            List.of(withinNamespace(apps(), false)),
            List.of()),
        c(
            "ingress from namespaces by label",
            List.of(fromNamespaces(apps(), sel("ns", "z"), sel("purpose", "monitoring"))),
            List.of()),
        c(
            "monitoring scrape from prometheus in monitoring on the named port metrics",
            List.of(
                monitoring(
                    apps(),
                    sel("purpose", "monitoring"),
                    sel("app", "prometheus"),
                    NetworkPort.named(TCP, "metrics"))),
            List.of()),
        c(
            "monitoring by pod label from every namespace, on a number",
            List.of(monitoring(apps(), null, sel("pod", "c"), tcp(9090))),
            List.of()),
        c(
            "monitoring from every pod of a namespace",
            List.of(monitoring(apps(), sel("ns", "z"), null, tcp(80), NetworkPort.of(UDP, 81))),
            List.of()),
        c(
            "egress to a CIDR with an except",
            List.of(egressTo(apps(), cidr("192.168.0.0/16", "192.168.3.3/32"))),
            List.of()),
        c(
            "egress to a CIDR around the pod CIDR: pods are not reached by CIDR",
            List.of(egressTo(apps(), cidr("0.0.0.0/0"))),
            List.of()),
        c(
            "posture over the DNS namespace keeps the DNS pods reachable",
            List.of(apps(), posture("system", sel("kubernetes.io/metadata.name", "kube-system"))),
            List.of()),
        c(
            "custom DNS namespace and labels",
            List.of(dns(apps(), "dns", sel("app", "resolver"))),
            List.of()),
        c(
            "two postures on disjoint namespaces",
            List.of(
                deny(posture("x-only", sel("ns", "x")), true, false),
                deny(posture("y-only", sel("ns", "y")), false, true)),
            List.of()),
        c(
            "overlapping postures with the same deny add up their allows",
            List.of(
                fromNamespaces(posture("a", sel("ns", "x")), sel("ns", "z")),
                fromNamespaces(posture("b", sel("tier", "apps")), sel("purpose", "monitoring"))),
            List.of()),
        c(
            "TrafficRule alone: the destinations accept only the sources",
            List.of(),
            List.of(
                rule("y", "x-a-to-b", sel("ns", "x"), sel("pod", "a"), sel("pod", "b"), tcp(80)))),
        c(
            "TrafficRule with egress denied at the source: both sides",
            List.of(apps()),
            List.of(
                rule("y", "x-a-to-b", sel("ns", "x"), sel("pod", "a"), sel("pod", "b"), tcp(80)))),
        c(
            "TrafficRule without namespaceSelector: sources in the rule's namespace",
            List.of(apps()),
            List.of(
                rule(
                    "x",
                    "a-to-c",
                    null,
                    sel("pod", "a"),
                    sel("pod", "c"),
                    NetworkPort.of(UDP, 81)))),
        c(
            "TrafficRule with a range, UDP and a named SCTP port",
            List.of(apps()),
            List.of(
                rule(
                    "y",
                    "mixed-ports",
                    sel("tier", "apps"),
                    in("pod", "a", "b"),
                    sel("pod", "c"),
                    NetworkPort.range(TCP, 80, 81),
                    NetworkPort.of(UDP, 53),
                    NetworkPort.named(SCTP, "serve-81-sctp")))),
        c(
            "TrafficRule from every namespace for one pod label",
            List.of(apps()),
            List.of(
                rule("x", "from-any-c", everything(), sel("pod", "c"), sel("pod", "a"), tcp(81)))),
        c(
            "TrafficRule whose sources span egress-denied and open namespaces",
            List.of(deny(posture("x-egress", sel("ns", "x")), false, true)),
            List.of(
                rule(
                    "y",
                    "from-x-and-z",
                    in("ns", "x", "z"),
                    sel("pod", "b"),
                    sel("pod", "a"),
                    tcp(80)))),
        c(
            "TrafficRule to every pod of its namespace, all UDP ports",
            List.of(apps()),
            List.of(rule("x", "udp-from-z", sel("ns", "z"), everything(), everything(), anyUdp()))),
        c(
            "everything together",
            List.of(
                monitoring(
                    egressTo(
                        fromNamespaces(apps(), sel("ns", "z")),
                        cidr("192.168.3.0/24", "192.168.3.1/32")),
                    sel("purpose", "monitoring"),
                    sel("app", "prometheus"),
                    NetworkPort.named(TCP, "metrics")),
                posture("system", sel("kubernetes.io/metadata.name", "kube-system"))),
            List.of(
                rule(
                    "y",
                    "x-a-to-b",
                    sel("ns", "x"),
                    sel("pod", "a"),
                    sel("pod", "b"),
                    tcp(80),
                    tcp(81)),
                rule(
                    "x",
                    "z-to-c",
                    sel("ns", "z"),
                    everything(),
                    sel("pod", "c"),
                    NetworkPort.range(TCP, 80, 9090)),
                rule(
                    "kube-system",
                    "metrics",
                    sel("tier", "apps"),
                    everything(),
                    sel("k8s-app", "metrics-server"),
                    tcp(443)))));
  }

  static NetworkPort anyUdp() {
    NetworkPort p = new NetworkPort();
    p.setProtocol(UDP);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatedPoliciesMeanTheIntent(Case c) {
    CompileContext context = new CompileContext(IntentTopology.namespaces(), c.podCidrs());
    List<Compilation> compilations =
        NetworkIntentCompiler.compile(c.postures(), c.rules(), context);
    assertThat(compilations).noneMatch(Compilation::hasErrors);
    List<NetworkPolicy> policies = NetworkIntentCompiler.policies(compilations);
    assertThat(policies).as("something is generated").isNotEmpty();
    assertThat(new NetworkPolicyLinter(c.podCidrs()).lint(policies))
        .filteredOn(f -> f.code() != Finding.Code.END_PORT_USED)
        .as("generated policies are lint-clean")
        .isEmpty();

    ClusterSnapshot snapshot = IntentTopology.snapshot().withPolicies(policies);
    NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(snapshot);
    IntentModel model = new IntentModel(c.postures(), c.rules(), snapshot, c.podCidrs());
    List<PodInfo> pods = snapshot.pods();
    List<String> wrong = new ArrayList<>();
    int allowed = 0;
    int denied = 0;
    for (int port : PORTS) {
      for (Protocol protocol : Protocol.values()) {
        ReachabilityMatrix m = evaluator.matrix(PortRef.number(port), protocol);
        for (int s = 0; s < pods.size(); s++) {
          for (int d = 0; d < pods.size(); d++) {
            if (s == d) {
              continue;
            }
            PodInfo from = pods.get(s);
            PodInfo to = pods.get(d);
            boolean egress = model.egress(from, to, port, protocol);
            boolean ingress = model.ingress(from, to, port, protocol);
            if (m.egressAllowed(s, d) != egress || m.ingressAllowed(s, d) != ingress) {
              wrong.add(
                  String.format(
                      "%s -> %s %s/%d intent egress=%s ingress=%s, policies say: %s",
                      from.key(),
                      to.key(),
                      protocol,
                      port,
                      egress,
                      ingress,
                      String.join(" | ", m.explain(from.key(), to.key()).explanation())));
            }
            if (egress && ingress) {
              allowed++;
            } else {
              denied++;
            }
          }
        }
      }
    }
    assertThat(wrong).as("cells where the policies differ from the intent").isEmpty();
    assertThat(allowed).as("the case allows something").isPositive();
    assertThat(denied).as("the case denies something").isPositive();
  }
}
