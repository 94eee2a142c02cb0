package dev.capstan.network.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.Tools;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged network-policy-controller jar, run as a process authenticated as the chart's
 * ServiceAccount with the chart's ClusterRole (rendered by the real helm), with POD_NAMESPACE set
 * as in a pod (so it elects a leader on a Lease): every reconciler works and nothing is forbidden.
 * This is what makes {@code controllers.network.enabled=true} safe to ship.
 */
@CapstanCluster
@Tag("operator-process")
class ChartRbacProcessIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void theChartsRbacIsEnoughForEveryReconciler(ClusterContext cluster) throws Exception {
    KubernetesClient client = cluster.client();
    // This execution may run on a cluster started afresh for it: the CRDs come first.
    Crds.installAll(client);
    String token = ClusterFixtures.unique();
    String release = "net-rbac-" + token;
    Path rbac = renderRbac(release, cluster.namespace());
    Tools.kubectl(cluster.kubeconfig(), "apply", "-f", rbac.toString()).orFail("kubectl apply");
    String watched =
        ClusterFixtures.namespace(client, "rbac-process", Map.of("capstan.dev/rbac-it", token));
    Process operator = null;
    Path log = Files.createTempFile("capstan-network-policy-controller-", ".log");
    try {
      String saToken =
          Tools.kubectl(
                  cluster.kubeconfig(),
                  "create",
                  "token",
                  release + "-network-policy-controller",
                  "-n",
                  cluster.namespace(),
                  "--duration=1h")
              .orFail("kubectl create token")
              .output()
              .trim();
      operator = start(serviceAccountKubeconfig(client.getConfiguration(), saToken), cluster, log);

      ClusterFixtures.pod(client, watched, "web", Map.of("app", "web"), "http", 8080);
      ClusterFixtures.pod(client, watched, "db", Map.of("app", "db"), "pg", 5432);
      client
          .resource(
              """
              apiVersion: network.capstan.dev/v1alpha1
              kind: NamespacePosture
              metadata: {name: rbac-it-%s}
              spec:
                namespaceSelector: {matchLabels: {capstan.dev/rbac-it: "%s"}}
                allowWithinNamespace: false
              """
                  .formatted(token, token))
          .create();
      client
          .resource(
              """
              apiVersion: network.capstan.dev/v1alpha1
              kind: TrafficRule
              metadata: {name: web-to-db, namespace: %s}
              spec:
                from: {podSelector: {matchLabels: {app: web}}}
                to: {podSelector: {matchLabels: {app: db}}}
                ports: [{protocol: TCP, portName: pg}]
              """
                  .formatted(watched))
          .create();
      client
          .resource(
              """
              apiVersion: network.capstan.dev/v1alpha1
              kind: ConnectivityCheck
              metadata: {name: web-to-db, namespace: %s}
              spec:
                from: {pod: web}
                to: {pod: db}
                portName: pg
              """
                  .formatted(watched))
          .create();

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                NamespacePosture posture =
                    client.resources(NamespacePosture.class).withName("rbac-it-" + token).get();
                assertThat(ClusterFixtures.isTrue(posture, Conditions.READY)).isTrue();
                TrafficRule rule =
                    client
                        .resources(TrafficRule.class)
                        .inNamespace(watched)
                        .withName("web-to-db")
                        .get();
                assertThat(ClusterFixtures.isTrue(rule, Conditions.READY)).isTrue();
                ConnectivityCheck check =
                    client
                        .resources(ConnectivityCheck.class)
                        .inNamespace(watched)
                        .withName("web-to-db")
                        .get();
                assertThat(check.getStatus()).isNotNull();
                // Allowed only through the rule: the posture denies everything else.
                assertThat(check.getStatus().getVerdict()).hasToString("Allowed");
                assertThat(check.getStatus().getPairs())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.getIngress()).contains("capstan-rule");
                          assertThat(p.getEgress()).contains("capstan-rule");
                        });
              });
      // The finalizer comes off again: cleanup and finalizer removal are permitted.
      client.resources(TrafficRule.class).inNamespace(watched).withName("web-to-db").delete();
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  client
                          .resources(TrafficRule.class)
                          .inNamespace(watched)
                          .withName("web-to-db")
                          .get()
                      == null);
      Lease lease =
          client
              .leases()
              .inNamespace(cluster.namespace())
              .withName("capstan-network-policy-controller")
              .get();
      assertThat(lease).as("the process elected itself leader on its Lease").isNotNull();
      assertThat(operator.isAlive()).as("the controller keeps running").isTrue();
      // Printed, not asserted: what the packaged controller holds once its caches are filled.
      Files.readAllLines(Path.of("/proc", String.valueOf(operator.pid()), "status")).stream()
          .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
          .forEach(line -> System.out.println("[bench] network-policy-controller " + line));
      assertThat(Files.readString(log)).doesNotContainIgnoringCase("forbidden");
    } finally {
      if (operator != null) {
        operator.destroy();
        operator.waitFor();
      }
      client.resources(NamespacePosture.class).withName("rbac-it-" + token).delete();
      TestNamespaces.deleteAndAwait(client, watched);
      Tools.kubectl(cluster.kubeconfig(), "delete", "-f", rbac.toString(), "--wait=true");
    }
  }

  /** The chart's ServiceAccount, ClusterRole and binding for the network controller only. */
  private static Path renderRbac(String release, String namespace) throws IOException {
    String yaml =
        Tools.helm(
                Path.of("/dev/null"),
                "template",
                release,
                ProjectLayout.root().resolve("helm/capstan").toString(),
                "-n",
                namespace,
                "--set",
                "devMode.enabled=true",
                "--set",
                "controllers.workloads.enabled=false",
                "--set",
                "controllers.network.enabled=true",
                "--show-only",
                "templates/rbac.yaml")
            .orFail("helm template")
            .output();
    assertThat(yaml).contains(release + "-network-policy-controller").doesNotContain("workload");
    Path file = Files.createTempFile("capstan-network-rbac-", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static Process start(Path kubeconfig, ClusterContext cluster, Path log)
      throws IOException {
    Path jar = Path.of(System.getProperty("capstan.operator.jar"));
    assertThat(jar).as("the packaged controller (quarkus:build runs before the ITs)").exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("POD_NAMESPACE", cluster.namespace());
    builder.environment().put("POD_NAME", "network-policy-controller-rbac-it");
    return builder.start();
  }

  private static Path serviceAccountKubeconfig(Config admin, String token) throws IOException {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: controller
          user:
            token: %s
        contexts:
        - name: local
          context: {cluster: local, user: controller}
        current-context: local
        """
            .formatted(admin.getMasterUrl(), admin.getCaCertFile(), token);
    Path file = Files.createTempFile("capstan-network-sa-", ".kubeconfig");
    Files.writeString(file, kubeconfig);
    return file;
  }
}
