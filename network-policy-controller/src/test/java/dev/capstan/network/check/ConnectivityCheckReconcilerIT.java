package dev.capstan.network.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.network.v1alpha1.CheckVerdict;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.e2e.cluster.Tools;
import dev.capstan.network.testing.ClusterFixtures;
import dev.capstan.network.testing.Np;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A ConnectivityCheck answers from the live cluster's pods (scheduled by the real scheduler onto
 * kwok nodes) and NetworkPolicies, Capstan's and anyone's, and its verdict flips when they change.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class ConnectivityCheckReconcilerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    client = SharedCluster.get().newClient();
    namespace = ClusterFixtures.namespace(client, "connectivity-check", Map.of());
    ClusterFixtures.pod(client, namespace, "client", Map.of("app", "client"), "none", 9999);
    ClusterFixtures.pod(client, namespace, "server-1", Map.of("app", "server"), "http", 8080);
    ClusterFixtures.pod(client, namespace, "server-2", Map.of("app", "server"), "http", 8080);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void theVerdictFollowsRawAndGeneratedPolicies() {
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: ConnectivityCheck
            metadata: {name: client-to-servers, namespace: %s}
            spec:
              from: {pod: client}
              to: {podSelector: {matchLabels: {app: server}}}
              portName: http
            """
                .formatted(namespace))
        .create();
    awaitVerdict(CheckVerdict.Allowed, 2);
    ConnectivityCheck allowed = check();
    assertThat(allowed.getStatus().getPairs())
        .extracting(p -> p.getTo())
        .containsExactly(namespace + "/server-1", namespace + "/server-2");
    assertThat(allowed.getStatus().getPairs())
        .allSatisfy(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getIngress()).contains("not isolated");
            });
    // kubectl get shows the verdict. (fabric8's generator orders printer columns by JSON path,
    // fabric8io/kubernetes-client#7454, so the columns are read by their header.)
    assertThat(
            columns(
                Tools.kubectl(
                        SharedCluster.get().kubeconfig(),
                        "get",
                        "connectivitycheck",
                        "client-to-servers",
                        "-n",
                        namespace)
                    .orFail("kubectl get")
                    .output()))
        .containsEntry("NAME", "client-to-servers")
        .containsEntry("VERDICT", "Allowed")
        .containsEntry("ALLOWED", "2")
        .containsEntry("DENIED", "0");

    // A raw policy Capstan did not write: ingress to server-1 only from pods labelled trusted.
    NetworkPolicy onlyTrusted =
        Np.policy(namespace, "only-trusted")
            .select(Np.labels("app", "server"))
            .types("Ingress")
            .ingress(Np.from(Np.peers(Np.pods(Np.labels("trusted", "yes")))))
            .build();
    client.resource(onlyTrusted).create();
    awaitVerdict(CheckVerdict.Denied, 0);
    assertThat(check().getStatus().getPairs())
        .allSatisfy(p -> assertThat(p.getIngress()).contains(namespace + "/only-trusted"));

    // A posture that allows traffic within the namespace: allowed again, decided by its policy.
    String token = ClusterFixtures.unique();
    ClusterFixtures.label(client, namespace, "capstan.dev/check-it", token);
    String posture = "check-it-" + token;
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: NamespacePosture
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {capstan.dev/check-it: "%s"}}
            """
                .formatted(posture, token))
        .create();
    try {
      awaitVerdict(CheckVerdict.Allowed, 2);
      assertThat(check().getStatus().getPairs())
          .allSatisfy(p -> assertThat(p.getIngress()).contains("same-namespace"));

      // The posture gone and the raw policy deleted: open, and not isolated at all.
      client.resources(NamespacePosture.class).withName(posture).delete();
      awaitVerdict(CheckVerdict.Denied, 0);
      client.resource(onlyTrusted).delete();
      awaitVerdict(CheckVerdict.Allowed, 2);
    } finally {
      client.resources(NamespacePosture.class).withName(posture).delete();
    }
  }

  private static void awaitVerdict(CheckVerdict verdict, int allowedPairs) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              ConnectivityCheck check = check();
              assertThat(check.getStatus()).isNotNull();
              assertThat(check.getStatus().getVerdict()).isEqualTo(verdict);
              assertThat(check.getStatus().getAllowedPairs()).isEqualTo(allowedPairs);
            });
  }

  /** The one row of a kubectl get table, by column header. */
  private static Map<String, String> columns(String table) {
    List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(2);
    String[] header = lines.get(0).trim().split("\\s+");
    String[] row = lines.get(1).trim().split("\\s+");
    assertThat(row).hasSameSizeAs(header);
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      columns.put(header[i], row[i]);
    }
    return columns;
  }

  private static ConnectivityCheck check() {
    return client
        .resources(ConnectivityCheck.class)
        .inNamespace(namespace)
        .withName("client-to-servers")
        .get();
  }
}
