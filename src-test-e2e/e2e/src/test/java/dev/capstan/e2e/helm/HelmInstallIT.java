package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.common.ConditionedStatus;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The install path users take, on the real control plane: `helm install` in development mode (CRDs,
 * ServiceAccounts, least-privilege RBAC), the workload and network controllers run as the jars
 * users run, each authenticated as its chart ServiceAccount (so the chart's RBAC is proven
 * sufficient), the examples applied and Ready (connectivity verdicts as the examples say), and
 * `helm uninstall` leaving nothing behind but the CRDs (Helm never deletes CRDs; documented in the
 * chart's NOTES).
 */
@CapstanCluster
class HelmInstallIT {

  private static final String RELEASE = "capstan-e2e";

  @Test
  void developmentModeInstallRunsTheExamplesAndUninstallsCleanly(ClusterContext cluster)
      throws Exception {
    String ns = cluster.namespace();
    int lintPort = LocalController.freePort();
    String lintUrl = "https://127.0.0.1:" + lintPort;
    DevModeRelease release = new DevModeRelease(cluster, RELEASE);
    release.install("devMode.networkWebhookUrl=" + lintUrl);
    List<LocalController> controllers = new ArrayList<>();
    controllers.add(LocalController.start(cluster, RELEASE, "workload-controllers", Map.of()));
    // The lint webhook out of cluster: on the port the chart's configuration calls, its TLS
    // Secret in the release namespace, the CA injected into the release's configuration.
    controllers.add(
        LocalController.start(
            cluster,
            RELEASE,
            "network-policy-controller",
            Map.of(
                "CAPSTAN_NETWORK_WEBHOOK_PORT",
                String.valueOf(lintPort),
                "CAPSTAN_NETWORK_WEBHOOK_URL",
                lintUrl,
                "CAPSTAN_NETWORK_WEBHOOK_NAMESPACE",
                ns,
                "CAPSTAN_NETWORK_WEBHOOK_CONFIGURATION_NAME",
                RELEASE + "-network-policy-controller")));
    String apps = cluster.namespace() + "-apps";
    List<HasMetadata> examples = Examples.load(cluster.client(), apps);
    String postureName = Examples.clusterScopedName(POSTURE_EXAMPLE, apps);
    try {
      cluster
          .client()
          .namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(apps)
                  .addToLabels("capstan.dev/examples", "true") // selected by the posture example
                  .endMetadata()
                  .build())
          .create();
      examples.forEach(e -> cluster.client().resource(e).create());

      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                List<Application> applications =
                    cluster
                        .client()
                        .resources(Application.class)
                        .inNamespace(apps)
                        .list()
                        .getItems();
                assertThat(applications).hasSize(count(examples, "Application"));
                assertThat(applications).allSatisfy(HelmInstallIT::assertReady);
                List<TrafficRule> rules =
                    cluster
                        .client()
                        .resources(TrafficRule.class)
                        .inNamespace(apps)
                        .list()
                        .getItems();
                assertThat(rules).hasSize(count(examples, "TrafficRule"));
                assertThat(rules).allSatisfy(HelmInstallIT::assertReady);
                NamespacePosture posture =
                    cluster.client().resources(NamespacePosture.class).withName(postureName).get();
                assertReady(posture);
                assertThat(posture.getStatus().getNamespaces()).contains(apps);
                assertThat(
                        cluster
                            .client()
                            .resources(ConnectivityCheck.class)
                            .inNamespace(apps)
                            .list()
                            .getItems())
                    .extracting(c -> c.getMetadata().getName() + "=" + verdict(c))
                    .containsExactlyInAnyOrder("web-to-api=Allowed", "api-to-web=Denied");
              });
      for (LocalController controller : controllers) {
        assertThat(controller.process().isAlive())
            .as(controller.module() + " keeps running with the chart's RBAC")
            .isTrue();
        assertThat(Files.readString(controller.log()))
            .as(controller.module() + "'s log")
            .doesNotContain("Forbidden")
            .doesNotContain("forbidden");
      }
    } finally {
      cluster.client().namespaces().withName(apps).delete();
      cluster.client().resources(NamespacePosture.class).withName(postureName).delete();
      for (LocalController controller : controllers) {
        controller.stop();
      }
    }

    release.uninstall().orFail("helm uninstall");
    release.assertOnlyCrdsLeft(Application.CRD_NAME);
  }

  private static final String POSTURE_EXAMPLE = "capstan-examples-baseline";

  private static int count(List<HasMetadata> examples, String kind) {
    return (int) examples.stream().filter(e -> kind.equals(e.getKind())).count();
  }

  private static void assertReady(CustomResource<?, ? extends ConditionedStatus> resource) {
    assertThat(resource).isNotNull();
    assertThat(resource.getStatus())
        .as(resource.getKind() + " " + resource.getMetadata().getName())
        .isNotNull()
        .satisfies(
            s -> assertThat(Conditions.isTrue(s.getConditions(), Conditions.READY)).isTrue());
  }

  private static String verdict(ConnectivityCheck check) {
    return check.getStatus() == null || check.getStatus().getVerdict() == null
        ? "none"
        : check.getStatus().getVerdict().toString();
  }
}
