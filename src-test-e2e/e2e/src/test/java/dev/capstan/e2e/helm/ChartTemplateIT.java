package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lint and template tests of the chart with the real helm binary: every values combination renders,
 * RBAC has no wildcard, every controller pod passes the Pod Security "restricted" level, bad values
 * fail with a clear error. (An *IT because it needs the helm binary, built from Go modules; it
 * needs no cluster.)
 */
class ChartTemplateIT {

  static Stream<Arguments> valueCombinations() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "all controllers",
            List.of(
                "controllers.storage.enabled=true",
                "controllers.network.enabled=true",
                "controllers.security.enabled=true")),
        Arguments.of(
            "development mode",
            List.of("devMode.enabled=true", "controllers.security.enabled=true")),
        Arguments.of(
            "monitoring and no leader election",
            List.of("metrics.serviceMonitor.enabled=true", "leaderElection.enabled=false")),
        Arguments.of("no metrics service", List.of("metrics.service.enabled=false")),
        Arguments.of(
            "custom image",
            List.of(
                "image.registry=registry.example:5000",
                "image.tag=1.2.3",
                "image.pullPolicy=Always")));
  }

  @Test
  void chartLints() {
    Tools.Result lint =
        Tools.helm(Path.of("/dev/null"), "lint", RenderedChart.CHART.toString(), "--strict");
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCombinations")
  void rbacHasNoWildcards(String name, List<String> sets) {
    RenderedChart chart = RenderedChart.render("capstan-system", sets.toArray(String[]::new));

    List<ClusterRole> roles = chart.all(ClusterRole.class);
    assertThat(roles).isNotEmpty();
    for (ClusterRole role : roles) {
      for (PolicyRule rule : role.getRules()) {
        assertThat(rule.getVerbs()).as(role.getMetadata().getName() + " verbs").doesNotContain("*");
        assertThat(rule.getResources())
            .as(role.getMetadata().getName() + " resources")
            .doesNotContain("*");
        assertThat(rule.getApiGroups())
            .as(role.getMetadata().getName() + " apiGroups")
            .doesNotContain("*");
        assertThat(rule.getNonResourceURLs()).as("no non-resource URLs").isNullOrEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCombinations")
  void controllerPodsPassTheRestrictedPodSecurityLevel(String name, List<String> sets) {
    RenderedChart chart = RenderedChart.render("capstan-system", sets.toArray(String[]::new));

    for (Deployment deployment : chart.all(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      String what = deployment.getMetadata().getName();
      assertThat(pod.getHostNetwork()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).as(what).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).as(what).isNull());
      for (Container container : pod.getContainers()) {
        var sc = container.getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
        assertThat(sc.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
        assertThat(sc.getRunAsUser()).as(what).isNotZero();
        assertThat(container.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
        assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
      }
    }
  }

  @Test
  void defaultsDeployTheWorkloadAndNetworkControllers() {
    RenderedChart chart = RenderedChart.render("capstan-system");

    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "capstan-workload-controllers", "capstan-network-policy-controller");
    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .containsExactlyInAnyOrder(
            "capstan/workload-controllers:0.1.0-SNAPSHOT",
            "capstan/network-policy-controller:0.1.0-SNAPSHOT");
  }

  @Test
  void developmentModeInstallsAccessButNoControllers() {
    RenderedChart chart = RenderedChart.render("capstan-system", "devMode.enabled=true");

    assertThat(chart.all(Deployment.class)).isEmpty();
    assertThat(chart.all(ClusterRole.class)).isNotEmpty();
    assertThat(chart.yaml()).contains("kind: ServiceAccount");
  }

  @Test
  void webhookControllerWithReplicasGetsADisruptionBudget() {
    RenderedChart chart =
        RenderedChart.render(
            "capstan-system",
            "controllers.security.enabled=true",
            "controllers.security.replicas=2");

    assertThat(chart.all(PodDisruptionBudget.class))
        .singleElement()
        .satisfies(pdb -> assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
  }

  @Test
  void badValuesFailWithAMessageNamingTheField() {
    assertThat(RenderedChart.template("x", "controllers.workloads.replicas=0").output())
        .contains("/controllers/workloads/replicas");
    assertThat(RenderedChart.template("x", "image.pullPolicy=Sometimes").output())
        .contains("/image/pullPolicy");
    assertThat(RenderedChart.template("x", "controllers.wrokloads.enabled=true").output())
        .contains("wrokloads");
    assertThat(RenderedChart.template("x", "metrics.serviceMonitor.interval=often").output())
        .contains("/metrics/serviceMonitor/interval");
  }
}
