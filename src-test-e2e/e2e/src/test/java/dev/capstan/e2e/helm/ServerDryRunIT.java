package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real apiserver accepts every rendered manifest and every example (server-side dry run:
 * nothing persists).
 */
@CapstanCluster
class ServerDryRunIT {

  @BeforeAll
  static void crds(ClusterContext cluster) {
    Crds.installAll(cluster.client());
  }

  static Stream<Arguments> valueCombinations() {
    return ChartTemplateIT.valueCombinations();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCombinations")
  void everyRenderedManifestIsAcceptedByTheApiserver(
      String name, List<String> sets, ClusterContext cluster) throws IOException {
    RenderedChart chart = RenderedChart.render(cluster.namespace(), sets.toArray(String[]::new));
    // ServiceMonitor needs prometheus-operator's CRD, Certificate and Issuer cert-manager's; this
    // cluster has
    // neither.
    String manifests =
        Stream.of(chart.yaml().split("(?m)^---\\s*$"))
            .filter(d -> d.lines().anyMatch(l -> l.startsWith("kind:")))
            .filter(d -> !d.contains("kind: ServiceMonitor"))
            .filter(d -> !d.contains("apiVersion: cert-manager.io/"))
            .collect(Collectors.joining("\n---\n"));
    Path file = Files.createTempFile("capstan-chart-", ".yaml");
    Files.writeString(file, manifests);

    Tools.Result result =
        Tools.kubectl(cluster.kubeconfig(), "apply", "--dry-run=server", "-f", file.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("(server dry run)");
  }

  @Test
  void everyExampleIsAcceptedByTheApiserver(ClusterContext cluster) {
    List<HasMetadata> examples = Examples.load(cluster.client(), cluster.namespace());

    for (HasMetadata example : examples) {
      cluster.client().resource(example).dryRun().create();
    }
    assertThat(
            cluster
                .client()
                .resources(dev.capstan.crds.workloads.v1alpha1.Application.class)
                .list()
                .getItems())
        .as("a dry run persists nothing")
        .isEmpty();
  }
}
