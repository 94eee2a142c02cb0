package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A release of the chart in development mode (CRDs, ServiceAccounts and RBAC, no Deployments) in
 * the test class's namespace, for controllers that the test runs as local processes.
 */
record DevModeRelease(ClusterContext cluster, String name) {

  private static final String INSTANCE = "app.kubernetes.io/instance";

  /** {@code helm install --wait} with {@code devMode.enabled=true} and the given {@code --set}s. */
  void install(String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                name,
                RenderedChart.CHART.toString(),
                "-n",
                cluster.namespace(),
                "--set",
                "devMode.enabled=true",
                "--wait",
                "--timeout",
                "2m"));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    Tools.helm(cluster.kubeconfig(), args.toArray(String[]::new)).orFail("helm install " + name);
  }

  /**
   * {@code helm uninstall --wait} (also after a failed install, which leaves a failed release); the
   * caller decides when a failure counts.
   */
  Tools.Result uninstall() {
    return Tools.helm(cluster.kubeconfig(), "uninstall", name, "-n", cluster.namespace(), "--wait");
  }

  /**
   * After {@link #uninstall()}: the release's ClusterRoles, bindings and ServiceAccounts are gone,
   * and the CRD {@code crdName} stays (Helm never deletes CRDs: they hold users' resources).
   */
  void assertOnlyCrdsLeft(String crdName) {
    KubernetesClient client = cluster.client();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(client.rbac().clusterRoles().withLabel(INSTANCE, name).list().getItems())
                  .isEmpty();
              assertThat(
                      client
                          .rbac()
                          .clusterRoleBindings()
                          .withLabel(INSTANCE, name)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      client
                          .serviceAccounts()
                          .inNamespace(cluster.namespace())
                          .withLabel(INSTANCE, name)
                          .list()
                          .getItems())
                  .isEmpty();
            });
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crdName).get())
        .as("CRDs stay: they hold users' resources")
        .isNotNull();
  }
}
