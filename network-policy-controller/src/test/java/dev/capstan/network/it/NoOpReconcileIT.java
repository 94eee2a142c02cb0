package dev.capstan.network.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.metrics.ApiRequestMetrics;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.common.ConditionedStatus;
import dev.capstan.crds.network.v1alpha1.CheckVerdict;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.network.check.ConnectivityCheckReconciler;
import dev.capstan.network.posture.NamespacePostureReconciler;
import dev.capstan.network.rule.TrafficRuleReconciler;
import dev.capstan.network.testing.ClusterFixtures;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reconciles that find nothing to change make zero write requests, counted by the real
 * kube-apiserver. A posture, a traffic rule and a connectivity check are settled; then a label that
 * none of them selects is put on their namespace. A namespace event reconciles every posture, every
 * rule and every check, so each controller runs its whole loop and must write nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class NoOpReconcileIT {

  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "apply", "delete", "deletecollection");
  private static final List<String> CONTROLLERS =
      List.of(
          NamespacePostureReconciler.NAME,
          TrafficRuleReconciler.NAME,
          ConnectivityCheckReconciler.NAME);

  private static KubernetesClient client;
  private static String namespace;
  private static String posture;

  @Inject MeterRegistry meters;

  @BeforeAll
  static void setUp() {
    client = SharedCluster.get().newClient();
    String token = ClusterFixtures.unique();
    namespace =
        ClusterFixtures.namespace(client, "net-no-op", Map.of("capstan.dev/noop-it", token));
    posture = "noop-it-" + token;
    ClusterFixtures.pod(client, namespace, "web", Map.of("app", "web"), "http", 8080);
    ClusterFixtures.pod(client, namespace, "db", Map.of("app", "db"), "pg", 5432);
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: NamespacePosture
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {capstan.dev/noop-it: "%s"}}
              allowWithinNamespace: false
              allowFromNamespaces: [{matchLabels: {purpose: monitoring}}]
              allowEgressTo: [{cidr: 0.0.0.0/0, except: [169.254.169.254/32]}]
              monitoring:
                namespaceSelector: {matchLabels: {purpose: monitoring}}
                ports: [{protocol: TCP, port: 9090}]
            """
                .formatted(posture, token))
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
              ports: [{protocol: TCP, portName: pg}, {protocol: UDP, port: 5000, endPort: 5010}]
            """
                .formatted(namespace))
        .create();
    client
        .resource(
            """
            apiVersion: network.capstan.dev/v1alpha1
            kind: ConnectivityCheck
            metadata: {name: web-to-db, namespace: %s}
            spec:
              from: {pod: web}
              to: {podSelector: {matchLabels: {app: db}}}
              portName: pg
            """
                .formatted(namespace))
        .create();
  }

  @AfterAll
  static void cleanUp() {
    client.resources(NamespacePosture.class).withName(posture).delete();
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void secondReconcileOfUnchangedIntentsWritesNothing() {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                ready(client.resources(NamespacePosture.class).withName(posture).get())
                    && ready(rule())
                    && check() != null
                    && check().getStatus() != null
                    && check().getStatus().getVerdict() == CheckVerdict.Allowed
                    && settled());
    double reconcilesBefore = successfulReconciles();
    long policyWrites = ApiServerRequests.writes(client, "networkpolicies", "");
    long postureWrites = ApiServerRequests.writes(client, "namespacepostures", "");
    long postureStatusWrites = ApiServerRequests.writes(client, "namespacepostures", "status");
    long ruleWrites = ApiServerRequests.writes(client, "trafficrules", "");
    long ruleStatusWrites = ApiServerRequests.writes(client, "trafficrules", "status");
    long checkStatusWrites = ApiServerRequests.writes(client, "connectivitychecks", "status");
    double controllerWrites = controllerWrites();

    ClusterFixtures.label(client, namespace, "example.com/unrelated", "yes");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> successfulReconciles() >= reconcilesBefore + 3 && settled());
    assertThat(controllerWrites())
        .as("no write of any kind by the network controllers (their own request counter)")
        .isEqualTo(controllerWrites);
    assertThat(ApiServerRequests.writes(client, "networkpolicies", "")).isEqualTo(policyWrites);
    assertThat(ApiServerRequests.writes(client, "namespacepostures", "")).isEqualTo(postureWrites);
    assertThat(ApiServerRequests.writes(client, "namespacepostures", "status"))
        .isEqualTo(postureStatusWrites);
    assertThat(ApiServerRequests.writes(client, "trafficrules", "")).isEqualTo(ruleWrites);
    assertThat(ApiServerRequests.writes(client, "trafficrules", "status"))
        .isEqualTo(ruleStatusWrites);
    assertThat(ApiServerRequests.writes(client, "connectivitychecks", "status"))
        .isEqualTo(checkStatusWrites);
  }

  private static boolean ready(CustomResource<?, ? extends ConditionedStatus> resource) {
    return ClusterFixtures.isTrue(resource, Conditions.READY);
  }

  private static TrafficRule rule() {
    return client.resources(TrafficRule.class).inNamespace(namespace).withName("web-to-db").get();
  }

  private static ConnectivityCheck check() {
    return client
        .resources(ConnectivityCheck.class)
        .inNamespace(namespace)
        .withName("web-to-db")
        .get();
  }

  /** No reconcile ran for a moment: the counter stays put for 2 s. */
  private boolean settled() {
    double before = successfulReconciles();
    await().pollDelay(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(3)).until(() -> true);
    return successfulReconciles() == before;
  }

  private double controllerWrites() {
    return meters.find(ApiRequestMetrics.API_REQUESTS).counters().stream()
        .filter(c -> CONTROLLERS.contains(c.getId().getTag("controller")))
        .filter(c -> WRITE_VERBS.contains(c.getId().getTag("verb")))
        .mapToDouble(Counter::count)
        .sum();
  }

  private double successfulReconciles() {
    return meters.find("operator.sdk.reconciliations.success").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
