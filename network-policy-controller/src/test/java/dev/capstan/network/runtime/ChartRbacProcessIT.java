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
import dev.capstan.e2e.cluster.ServiceAccountKubeconfig;
import dev.capstan.e2e.cluster.Tools;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged network-policy-controller jar, run as a process authenticated as the chart's
 * ServiceAccount with the chart's ClusterRole (rendered by the real helm), with POD_NAMESPACE set
 * as in a pod (so it elects a leader on a Lease): every reconciler works and nothing is forbidden.
 * Its lint webhook serves too: the chart's configuration calls it and warnings come back. This is
 * what makes {@code controllers.network.enabled=true} safe to ship.
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
    int webhookPort = freeWebhookPort();
    Path rbac = renderRbac(release, cluster.namespace(), webhookPort);
    Tools.kubectl(cluster.kubeconfig(), "apply", "-f", rbac.toString()).orFail("kubectl apply");
    String watched =
        ClusterFixtures.namespace(client, "rbac-process", Map.of("capstan.dev/rbac-it", token));
    Process operator = null;
    Path log = Files.createTempFile("capstan-network-policy-controller-", ".log");
    try {
      operator =
          start(
              ServiceAccountKubeconfig.write(
                  client, cluster.namespace(), release + "-network-policy-controller"),
              cluster,
              log,
              release + "-network-policy-controller",
              webhookPort);

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
      // The lint webhook works with the chart's RBAC: its certificate Secret, the caBundle injected
      // into the chart's configuration, the namespace read. The apiserver calls it over TLS.
      // (A port range: the apiserver defaults policyTypes and protocol before admission, so those
      // findings never reach a webhook.)
      NetworkPolicy portRange =
          Serialization.unmarshal(
              """
              apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: port-range, namespace: %s}
              spec:
                podSelector: {matchLabels: {app: nobody}}
                policyTypes: [Ingress]
                ingress: [{ports: [{protocol: TCP, port: 8000, endPort: 8100}]}]
              """
                  .formatted(watched),
              NetworkPolicy.class);
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                List<String> warnings = dryRunCreateWarnings(client, portRange);
                assertThat(warnings)
                    .as("warnings %s", warnings)
                    .anyMatch(w -> w.contains("END_PORT_USED spec.ingress[0].ports[0].endPort"));
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
      // While the controller runs, so that a TrafficRule left by a failure loses its finalizer.
      client.resources(NamespacePosture.class).withName("rbac-it-" + token).delete();
      try {
        TestNamespaces.deleteAndAwait(client, watched);
      } finally {
        if (operator != null) {
          operator.destroy();
          operator.waitFor();
        }
        Tools.kubectl(cluster.kubeconfig(), "delete", "-f", rbac.toString(), "--wait=true");
      }
    }
  }

  /**
   * The chart's ServiceAccount, ClusterRole, Role and bindings for the network controller only, and
   * its lint webhook configuration calling {@code https://127.0.0.1:<webhookPort>}.
   */
  private static Path renderRbac(String release, String namespace, int webhookPort)
      throws IOException {
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
                "--set",
                "devMode.networkWebhookUrl=https://127.0.0.1:" + webhookPort,
                "--show-only",
                "templates/rbac.yaml",
                "--show-only",
                "templates/network-webhook.yaml")
            .orFail("helm template")
            .output();
    assertThat(yaml)
        .contains(release + "-network-policy-controller")
        .contains("kind: ValidatingWebhookConfiguration")
        .doesNotContain("workload");
    Path file = Files.createTempFile("capstan-network-rbac-", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static Process start(
      Path kubeconfig, ClusterContext cluster, Path log, String configuration, int webhookPort)
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
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_PORT", String.valueOf(webhookPort));
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_URL", "https://127.0.0.1:" + webhookPort);
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_CONFIGURATION_NAME", configuration);
    return builder.start();
  }

  /** A free port of the range this module's tests may bind (19400-19499). */
  private static int freeWebhookPort() {
    for (int port = 19400; port < 19500; port++) {
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IllegalStateException("no free port in 19400-19499");
  }

  /** The Warning headers of a dry-run create (fabric8 only logs them). */
  private static List<String> dryRunCreateWarnings(KubernetesClient client, NetworkPolicy policy)
      throws Exception {
    String path =
        "/apis/networking.k8s.io/v1/namespaces/"
            + policy.getMetadata().getNamespace()
            + "/networkpolicies?dryRun=All";
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(client.getMasterUrl().toString().replaceAll("/$", "") + path)
            .post("application/json", Serialization.asJson(policy).getBytes(StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response =
        client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    assertThat(response.code()).as(response.body()).isEqualTo(201);
    return response.headers("Warning");
  }
}
