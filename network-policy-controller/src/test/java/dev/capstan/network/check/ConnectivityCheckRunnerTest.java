package dev.capstan.network.check;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.network.testing.Np.from;
import static dev.capstan.network.testing.Np.ipBlock;
import static dev.capstan.network.testing.Np.labels;
import static dev.capstan.network.testing.Np.namespacesAndPods;
import static dev.capstan.network.testing.Np.peers;
import static dev.capstan.network.testing.Np.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.CheckEndpoint;
import dev.capstan.crds.network.v1alpha1.CheckVerdict;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckSpec;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckStatus;
import dev.capstan.crds.network.v1alpha1.PairResult;
import dev.capstan.crds.network.v1alpha1.PairVerdict;
import dev.capstan.crds.network.v1alpha1.Selector;
import dev.capstan.network.evaluation.NetworkPolicyEvaluator;
import dev.capstan.network.testing.Xyz;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectivityCheckRunnerTest {

  private static final NetworkPolicyEvaluator EVALUATOR =
      new NetworkPolicyEvaluator(
          Xyz.snapshot(
              List.<NetworkPolicy>of(
                  policy("x", "deny").types("Ingress").build(),
                  policy("x", "from-y-b")
                      .types("Ingress")
                      .ingress(
                          from(peers(namespacesAndPods(labels("ns", "y"), labels("pod", "b")))))
                      .build(),
                  policy("z", "from-cidr")
                      .types("Ingress")
                      .ingress(from(peers(ipBlock("10.1.0.0/16"))))
                      .build())));

  private static ConnectivityCheck check(
      CheckEndpoint from, CheckEndpoint to, Integer port, String portName) {
    ConnectivityCheck check = new ConnectivityCheck();
    check.setMetadata(new ObjectMetaBuilder().withNamespace("y").withName("c").build());
    ConnectivityCheckSpec spec = new ConnectivityCheckSpec();
    spec.setFrom(from);
    spec.setTo(to);
    spec.setPort(port);
    spec.setPortName(portName);
    spec.setProtocol(TCP);
    check.setSpec(spec);
    return check;
  }

  @Test
  void podToPodAllowedNamesTheRule() {
    ConnectivityCheckStatus s =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod(null, "b"), CheckEndpoint.pod("x", "a"), 80, null), EVALUATOR);
    assertThat(s.getVerdict()).isEqualTo(CheckVerdict.Allowed);
    assertThat(s.getAllowedPairs()).isEqualTo(1);
    PairResult pair = s.getPairs().get(0);
    assertThat(pair.getFrom()).isEqualTo("y/b");
    assertThat(pair.getTo()).isEqualTo("x/a");
    assertThat(pair.getPort()).isEqualTo(80);
    assertThat(pair.getVerdict()).isEqualTo(PairVerdict.Allowed);
    assertThat(pair.getIngress()).contains("allowed by x/from-y-b ingress[0]");
    assertThat(pair.getEgress()).contains("not isolated");
  }

  @Test
  void selectorToSelectorIsMixedAndCountsEveryPair() {
    ConnectivityCheckStatus s =
        ConnectivityCheckRunner.run(
            check(
                CheckEndpoint.selector(null, Selector.labels(Map.of("pod", "b"))),
                CheckEndpoint.selector("x", new Selector()),
                80,
                null),
            EVALUATOR);
    assertThat(s.getVerdict())
        .as("empty to-selector selects every pod of x here")
        .isEqualTo(CheckVerdict.Allowed);
    ConnectivityCheckStatus mixed =
        ConnectivityCheckRunner.run(
            check(
                CheckEndpoint.selector(null, new Selector()),
                CheckEndpoint.pod("x", "c"),
                80,
                null),
            EVALUATOR);
    assertThat(mixed.getVerdict()).isEqualTo(CheckVerdict.Mixed);
    assertThat(mixed.getAllowedPairs()).isEqualTo(1);
    assertThat(mixed.getDeniedPairs()).isEqualTo(2);
    assertThat(mixed.getPairs())
        .extracting(PairResult::getVerdict)
        .containsExactly(PairVerdict.Denied, PairVerdict.Allowed, PairVerdict.Denied);
    assertThat(mixed.getPairs().get(0).getIngress())
        .contains("isolated by x/deny, x/from-y-b; denied");
  }

  @Test
  void namedPortMissingOnTheDestinationIsInvalidNotDenied() {
    ConnectivityCheckStatus s =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod(null, "a"), CheckEndpoint.pod("x", "a"), null, "web"),
            EVALUATOR);
    assertThat(s.getVerdict()).isEqualTo(CheckVerdict.Undefined);
    assertThat(s.getUndefinedPairs()).isEqualTo(1);
    assertThat(s.getPairs().get(0).getVerdict()).isEqualTo(PairVerdict.InvalidNamedPort);
    assertThat(s.getPairs().get(0).getNotes())
        .singleElement()
        .asString()
        .contains("declares no TCP container port named web");
    ConnectivityCheckStatus named =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod(null, "b"), CheckEndpoint.pod("x", "a"), null, "serve-80-tcp"),
            EVALUATOR);
    assertThat(named.getVerdict()).isEqualTo(CheckVerdict.Allowed);
    assertThat(named.getPairs().get(0).getPort()).isEqualTo(80);
  }

  @Test
  void loopbackIsUndefinedAndIpBlockOnPodsCarriesTheCaveat() {
    ConnectivityCheckStatus self =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod(null, "a"), CheckEndpoint.pod(null, "a"), 80, null), EVALUATOR);
    assertThat(self.getVerdict()).isEqualTo(CheckVerdict.Undefined);
    assertThat(self.getPairs().get(0).getNotes())
        .singleElement()
        .asString()
        .startsWith("undefined: a pod connecting to itself");
    ConnectivityCheckStatus cidr =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod("x", "a"), CheckEndpoint.pod("z", "a"), 80, null), EVALUATOR);
    assertThat(cidr.getVerdict()).isEqualTo(CheckVerdict.Allowed);
    assertThat(cidr.getPairs().get(0).getNotes())
        .singleElement()
        .asString()
        .contains("ipBlock behaviour for pod IPs undefined");
  }

  @Test
  void noMatchingPodsAndTruncation() {
    ConnectivityCheckStatus none =
        ConnectivityCheckRunner.run(
            check(CheckEndpoint.pod(null, "nope"), CheckEndpoint.pod("x", "a"), 80, null),
            EVALUATOR);
    assertThat(none.getVerdict()).isEqualTo(CheckVerdict.NoPods);
    assertThat(none.getPairs()).isEmpty();
    assertThat(ConnectivityCheckRunner.summary(false, 0, 3)).isEqualTo(CheckVerdict.Denied);
    assertThat(ConnectivityCheckRunner.summary(false, 0, 0)).isEqualTo(CheckVerdict.Undefined);
  }
}
