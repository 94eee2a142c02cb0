package dev.capstan.network.rule;

import static dev.capstan.network.testing.ClusterFixtures.isTrue;
import static dev.capstan.network.testing.ClusterFixtures.ownedPolicies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A TrafficRule between two namespaces behind an egress-denying posture becomes an ingress policy
 * in its namespace and the matching egress policy in the source namespace; deleting it removes
 * both, the cross-namespace one through the rule's finalizer.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class TrafficRuleReconcilerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String token;
  private static String servers;
  private static String clients;
  private static String posture;

  @BeforeAll
  static void setUp() {
    client = SharedCluster.get().newClient();
    token = ClusterFixtures.unique();
    servers =
        ClusterFixtures.namespace(client, "rule-servers", Map.of("capstan.dev/rule-it", token));
    clients =
        ClusterFixtures.namespace(
            client,
            "rule-clients",
            Map.of("capstan.dev/rule-it", token, "capstan.dev/rule-it-role", "client-" + token));
    posture = "rule-it-" + token;
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: NamespacePosture
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {capstan.dev/rule-it: "%s"}}
            """
                .formatted(posture, token))
        .create();
  }

  @AfterAll
  static void cleanUp() {
    client.resources(NamespacePosture.class).withName(posture).delete();
    TestNamespaces.deleteAndAwait(client, clients);
    TestNamespaces.deleteAndAwait(client, servers);
    client.close();
  }

  @Test
  void bothSidesAreGeneratedConsistentlyAndRemovedWithTheRule() {
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: TrafficRule
            metadata: {name: web-to-db, namespace: %s}
            spec:
              from:
                namespaceSelector: {matchLabels: {capstan.dev/rule-it-role: "client-%s"}}
                podSelector: {matchLabels: {app: web}}
              to:
                podSelector: {matchLabels: {app: db}}
              ports:
              - {protocol: TCP, port: 5432}
              - {protocol: TCP, portName: metrics}
            """
                .formatted(servers, token))
        .create();

    String ingressName = "capstan-rule." + servers + ".web-to-db.ingress";
    String egressName = "capstan-rule." + servers + ".web-to-db.egress";
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ownedPolicies(client, servers, "TrafficRule", "web-to-db"))
                  .extracting(p -> p.getMetadata().getName())
                  .containsExactly(ingressName);
              assertThat(ownedPolicies(client, clients, "TrafficRule", "web-to-db"))
                  .extracting(p -> p.getMetadata().getName())
                  .containsExactly(egressName);
            });
    NetworkPolicy ingress = policy(servers, ingressName);
    NetworkPolicy egress = policy(clients, egressName);
    // The same ports on both sides, and peers that name each other.
    assertThat(ingress.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(egress.getSpec().getEgress().get(0).getPorts())
        .isEqualTo(ingress.getSpec().getIngress().get(0).getPorts())
        .hasSize(2);
    NetworkPolicyPeer source = ingress.getSpec().getIngress().get(0).getFrom().get(0);
    NetworkPolicyPeer destination = egress.getSpec().getEgress().get(0).getTo().get(0);
    assertThat(source.getPodSelector().getMatchLabels()).containsEntry("app", "web");
    assertThat(egress.getSpec().getPodSelector().getMatchLabels()).containsEntry("app", "web");
    assertThat(destination.getPodSelector().getMatchLabels()).containsEntry("app", "db");
    assertThat(ingress.getSpec().getPodSelector().getMatchLabels()).containsEntry("app", "db");
    assertThat(destination.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", servers);
    // Owner reference only where it is legal: in the rule's own namespace.
    assertThat(ingress.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(egress.getMetadata().getOwnerReferences()).isNullOrEmpty();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              TrafficRule rule = rule();
              assertThat(isTrue(rule, Conditions.READY)).isTrue();
              assertThat(rule.getStatus().getPolicies())
                  .containsExactlyInAnyOrder(
                      servers + "/" + ingressName, clients + "/" + egressName);
            });

    client.resources(TrafficRule.class).inNamespace(servers).withName("web-to-db").delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rule()).isNull();
              assertThat(ownedPolicies(client, clients, "TrafficRule", "web-to-db")).isEmpty();
              assertThat(ownedPolicies(client, servers, "TrafficRule", "web-to-db")).isEmpty();
            });
  }

  private static TrafficRule rule() {
    return client.resources(TrafficRule.class).inNamespace(servers).withName("web-to-db").get();
  }

  private static NetworkPolicy policy(String namespace, String name) {
    return client.network().networkPolicies().inNamespace(namespace).withName(name).get();
  }
}
