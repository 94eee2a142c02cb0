package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An Application the API server will never accept a Deployment for becomes Stalled with a Warning
 * Event and is not retried in a hot loop; fixing the spec makes it Ready again.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class PermanentErrorIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static KubernetesClient client;
  private static String namespace;

  @Inject MeterRegistry meters;
  @Inject Operator operator;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("permanent-error-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void theControllerRetriesWithJitteredBackoff() {
    assertThat(
            operator
                .getRegisteredController(ApplicationReconciler.NAME)
                .orElseThrow()
                .getConfiguration()
                .getRetry())
        .isSameAs(JitteredRetry.DEFAULT);
  }

  @Test
  void aRefusedDeploymentStallsTheApplicationUntilTheSpecIsFixed() {
    // The CRD accepts port name "8080"; a Deployment does not (an IANA_SVC_NAME needs a letter).
    client.resource(application("8080")).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = get();
              assertThat(app.getStatus()).isNotNull();
              assertThat(condition(app, Conditions.STALLED))
                  .satisfies(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("Invalid");
                        assertThat(c.getMessage()).contains("must contain at least one letter");
                        assertThat(c.getObservedGeneration())
                            .isEqualTo(app.getMetadata().getGeneration());
                      });
              assertThat(condition(app, Conditions.READY).getStatus()).isEqualTo("False");
              assertThat(condition(app, Conditions.RECONCILING).getStatus()).isEqualTo("False");
            });
    Application stalled = get();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventsAbout(stalled))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("Invalid");
                          assertThat(e.getAction()).isEqualTo("Apply");
                          assertThat(e.getNote()).contains("must contain at least one letter");
                        }));

    // Not a hot loop: with a transient classification the jittered retry would have tried again
    // after ~1 s, 2 s and 4 s.
    double started = reconcilesStarted();
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(8))
        .until(() -> reconcilesStarted() == started);
    assertThat(get().getMetadata().getResourceVersion())
        .as("no further status writes")
        .isEqualTo(stalled.getMetadata().getResourceVersion());

    Application fixed = get();
    fixed.getSpec().getContainers().get(0).getPorts().get(0).setName("http");
    client.resource(fixed).update();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = get();
              assertThat(condition(app, Conditions.READY).getStatus()).isEqualTo("True");
              assertThat(condition(app, Conditions.STALLED).getStatus()).isEqualTo("False");
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
            });
  }

  private double reconcilesStarted() {
    return meters
        .find("operator.sdk.reconciliations.started")
        .tag("name", "broken")
        .counters()
        .stream()
        .filter(c -> namespace.equals(c.getId().getTag("namespace")))
        .mapToDouble(Counter::count)
        .sum();
  }

  private static Condition condition(Application app, String type) {
    return Conditions.find(app.getStatus().getConditions(), type).orElseThrow();
  }

  private static List<Event> eventsAbout(Application app) {
    return client.resources(Event.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> app.getMetadata().getUid().equals(e.getRegarding().getUid()))
        .toList();
  }

  private static Application get() {
    return client.resources(Application.class).inNamespace(namespace).withName("broken").get();
  }

  private static Application application(String portName) {
    return client
        .getKubernetesSerialization()
        .unmarshal(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: broken, namespace: %s}
            spec:
              replicas: 1
              containers:
              - name: app
                image: registry.example/broken:1.0
                ports: [{name: "%s", containerPort: 8080}]
            """
                .formatted(namespace, portName),
            Application.class);
  }
}
