package dev.capstan.network.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.network.bench.EvaluatorBenchmark;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bit-set matrix and the explained single query are two implementations of the same semantics;
 * on generated clusters (selectors, AND peers, expressions, ipBlocks, named ports, ranges, egress)
 * they must agree on every cell and direction.
 */
class MatrixConsistencyTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3})
  void matrixEqualsExplainedPathOnEveryCell(int seed) {
    ClusterSnapshot snapshot = EvaluatorBenchmark.snapshot(new Random(seed), 24, 6);
    NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(snapshot);
    List<PodInfo> pods = snapshot.pods();
    int allowed = 0;
    int denied = 0;
    for (PortRef port : List.of(PortRef.number(80), PortRef.number(85), PortRef.name("metrics"))) {
      for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
        ReachabilityMatrix matrix = evaluator.matrix(port, protocol);
        for (int s = 0; s < pods.size(); s++) {
          for (int d = 0; d < pods.size(); d++) {
            Verdict v = evaluator.evaluate(pods.get(s), pods.get(d), port, protocol);
            String cell =
                pods.get(s).key() + " -> " + pods.get(d).key() + " " + protocol + "/" + port;
            assertThat(matrix.egressAllowed(s, d))
                .as("egress " + cell)
                .isEqualTo(v.egressAllowed());
            assertThat(matrix.ingressAllowed(s, d))
                .as("ingress " + cell)
                .isEqualTo(v.ingressAllowed());
            assertThat(matrix.invalidNamedPort(d))
                .as("named " + cell)
                .isEqualTo(v.invalidNamedPort());
            if (v.allowed()) {
              allowed++;
            } else {
              denied++;
            }
          }
        }
      }
    }
    assertThat(allowed).as("the generated cluster allows some pairs").isGreaterThan(1000);
    assertThat(denied).as("and denies others").isGreaterThan(1000);
  }
}
