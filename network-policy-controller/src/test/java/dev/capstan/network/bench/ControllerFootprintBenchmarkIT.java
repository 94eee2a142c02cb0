package dev.capstan.network.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the packaged controller's resident memory on a cluster of the issue's size: 100
 * namespaces, 1,000 pods (kwok runs them), 500 raw NetworkPolicies, one NamespacePosture over all
 * namespaces (300 generated policies) and 10 ConnectivityChecks across namespaces, with the lint
 * webhook serving. The controller (java -Xmx256m, as in ChartRbacProcessIT) starts after the
 * objects exist, so its informers load all of them; RSS is read once everything is answered.
 * Numbers are printed, not asserted. Run with {@code -Dcapstan.it.excluded-groups=operator-process
 * -Dit.test=ControllerFootprintBenchmarkIT} after {@code package}, or through
 * src-test-e2e/bench/network-policy-benchmark.sh --cluster.
 */
@CapstanCluster
@Tag("benchmark")
class ControllerFootprintBenchmarkIT {

  private static final int NAMESPACES = 100;
  private static final int PODS = 10;
  private static final int POLICIES = 5;
  private static final int CHECKS = 10;
  private static final String LABEL = "capstan.dev/footprint";

  @Test
  void controllerMemoryAtTheIssuesScale(ClusterContext cluster) throws Exception {
    KubernetesClient client = cluster.client();
    String token = ClusterFixtures.unique();
    List<String> namespaces = new ArrayList<>();
    String posture = "footprint-" + token;
    String configuration = "capstan-network-footprint-" + token;
    Process controller = null;
    long start = System.nanoTime();
    try {
      for (int n = 0; n < NAMESPACES; n++) {
        String ns =
            ClusterFixtures.namespace(
                client, "fp-" + n, Map.of(LABEL, token, "tier", n % 2 == 0 ? "a" : "b"));
        namespaces.add(ns);
        for (int p = 0; p < PODS; p++) {
          ClusterFixtures.pod(
              client,
              ns,
              "pod-" + p,
              Map.of("app", "app-" + p % 5, "role", "r" + p % 2),
              "http",
              8080);
        }
        for (int k = 0; k < POLICIES; k++) {
          client.resource(rawPolicy(ns, k)).create();
        }
      }
      System.out.printf(
          "[bench] created %d namespaces, %d pods, %d raw policies in %.1f s%n",
          NAMESPACES, NAMESPACES * PODS, NAMESPACES * POLICIES, (System.nanoTime() - start) / 1e9);
      // Started before the intents: its informers load the cluster, then it answers them. (Run it
      // in
      // a JVM of its own: an in-JVM @QuarkusTest operator left running would answer them too.)
      int port = freeWebhookPort();
      Path log = Files.createTempFile("capstan-network-footprint-", ".log");
      long launched = System.nanoTime();
      controller = start(cluster, log, port, configuration);
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> Files.readString(log).contains("Installed features"));
      System.out.printf(
          "[bench] controller started with its caches in %.1f s%n",
          (System.nanoTime() - launched) / 1e9);
      launched = System.nanoTime();
      client
          .resource(
              """
              apiVersion: network.capstan.dev/v1alpha1
              kind: NamespacePosture
              metadata: {name: %s}
              spec:
                namespaceSelector: {matchLabels: {%s: "%s"}}
              """
                  .formatted(posture, LABEL, token))
          .create();
      for (int c = 0; c < CHECKS; c++) {
        client
            .resource(
                """
                apiVersion: network.capstan.dev/v1alpha1
                kind: ConnectivityCheck
                metadata: {name: check-%d, namespace: %s}
                spec:
                  from: {podSelector: {matchLabels: {app: app-%d}}}
                  to: {namespace: %s, podSelector: {matchLabels: {role: r0}}}
                  port: 8080
                """
                    .formatted(c, namespaces.get(c), c % 5, namespaces.get(c + 1)))
            .create();
      }

      KubernetesClient c = client;
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                NamespacePosture p = c.resources(NamespacePosture.class).withName(posture).get();
                assertThat(p.getStatus()).isNotNull();
                assertThat(ClusterFixtures.isTrue(p, Conditions.READY)).isTrue();
                assertThat(p.getStatus().getPolicyCount()).isEqualTo(3 * NAMESPACES);
                for (int i = 0; i < CHECKS; i++) {
                  ConnectivityCheck check =
                      c.resources(ConnectivityCheck.class)
                          .inNamespace(namespaces.get(i))
                          .withName("check-" + i)
                          .get();
                  assertThat(check.getStatus()).isNotNull();
                  assertThat(check.getStatus().getVerdict()).isNotNull();
                }
              });
      System.out.printf(
          "[bench] posture Ready with %d policies and %d checks answered in %.1f s%n",
          3 * NAMESPACES, CHECKS, (System.nanoTime() - launched) / 1e9);
      assertThat(Files.readString(log))
          .as("this process reconciled the posture")
          .contains("policies to apply");
      // Let the steady state settle (late watch events, GC) while checking the process stays up.
      await()
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(15))
          .until(controller::isAlive);
      Files.readAllLines(Path.of("/proc", String.valueOf(controller.pid()), "status")).stream()
          .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
          .forEach(line -> System.out.println("[bench] network-policy-controller " + line));
    } finally {
      if (controller != null) {
        controller.destroy();
        controller.waitFor();
      }
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(configuration)
          .delete();
      client
          .secrets()
          .inNamespace(cluster.namespace())
          .withName(configuration + "-webhook-tls")
          .delete();
      client.resources(NamespacePosture.class).withName(posture).delete();
      namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
      for (String ns : namespaces) {
        client
            .namespaces()
            .withName(ns)
            .waitUntilCondition((Namespace n) -> n == null, 5, TimeUnit.MINUTES);
      }
    }
  }

  /**
   * Five kinds of raw policy: deny, from a namespace tier, pod AND namespace, ports, egress CIDR.
   */
  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy rawPolicy(
      String ns, int kind) {
    String spec =
        switch (kind) {
          case 0 -> "podSelector: {}\n  policyTypes: [Ingress]";
          case 1 ->
              "podSelector: {matchLabels: {app: app-1}}\n  policyTypes: [Ingress]\n  ingress:\n"
                  + "  - from: [{namespaceSelector: {matchLabels: {tier: a}}}]";
          case 2 ->
              "podSelector: {matchLabels: {role: r0}}\n  policyTypes: [Ingress]\n  ingress:\n"
                  + "  - from: [{namespaceSelector: {matchLabels: {tier: b}}, podSelector:"
                  + " {matchLabels: {app: app-2}}}]";
          case 3 ->
              "podSelector: {matchLabels: {app: app-3}}\n  policyTypes: [Ingress]\n  ingress:\n"
                  + "  - ports: [{protocol: TCP, port: http}, {protocol: TCP, port: 9000, endPort:"
                  + " 9100}]";
          default ->
              "podSelector: {matchLabels: {app: app-4}}\n  policyTypes: [Egress]\n  egress:\n"
                  + "  - to: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]\n"
                  + "  - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]";
        };
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: raw-"
            + kind
            + ", namespace: "
            + ns
            + "}\nspec:\n  "
            + spec
            + "\n",
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
  }

  private static Process start(ClusterContext cluster, Path log, int port, String configuration)
      throws IOException {
    Path jar =
        Path.of(System.getProperty("capstan.operator.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).as("the packaged controller (run after package)").exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_NAMESPACE", cluster.namespace());
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_PORT", String.valueOf(port));
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_URL", "https://127.0.0.1:" + port);
    builder.environment().put("CAPSTAN_NETWORK_WEBHOOK_MANAGE", "true");
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
}
