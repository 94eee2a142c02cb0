package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRollout;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rollout strategy fields reach the workloads, and switching strategies does not stall. */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class RolloutIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("rollout-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void deploymentTakesRollingParametersAndCanSwitchToRecreate() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: web, namespace: %s}
            spec:
              replicas: 2
              rollout: {maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 120, minReadySeconds: 1}
              containers:
              - {name: web, image: registry.example/web:1}
            """
                .formatted(namespace))
        .create();
    awaitReadyAt("web", 1L);
    var deployment = client.apps().deployments().inNamespace(namespace).withName("web").get();
    assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isEqualTo(120);
    assertThat(deployment.getSpec().getMinReadySeconds()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
        .isEqualTo(new IntOrString(1));
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
        .isEqualTo(new IntOrString(0));

    update(
        "web",
        a -> {
          ApplicationRollout recreate = new ApplicationRollout();
          recreate.setStrategy(ApplicationRollout.Strategy.Recreate);
          a.getSpec().setRollout(recreate);
          a.getSpec().getContainers().get(0).setImage("registry.example/web:2");
        });
    awaitReadyAt("web", 2L);
    deployment = client.apps().deployments().inNamespace(namespace).withName("web").get();
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate()).isNull();
  }

  /**
   * Kubernetes defaulted rollingUpdate (25 %/25 %) when the Deployment was made; Recreate forbids
   * it.
   */
  @Test
  void switchingFromDefaultsToRecreateDoesNotStall() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: plain, namespace: %s}
            spec:
              replicas: 1
              containers:
              - {name: web, image: registry.example/web:1}
            """
                .formatted(namespace))
        .create();
    awaitReadyAt("plain", 1L);

    update(
        "plain",
        a -> {
          ApplicationRollout recreate = new ApplicationRollout();
          recreate.setStrategy(ApplicationRollout.Strategy.Recreate);
          a.getSpec().setRollout(recreate);
        });
    awaitReadyAt("plain", 2L);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("plain")
                .get()
                .getSpec()
                .getStrategy()
                .getType())
        .isEqualTo("Recreate");
  }

  @Test
  void daemonSetOnDeleteStrategy() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: agent, namespace: %s}
            spec:
              workload: DaemonSet
              rollout: {strategy: OnDelete}
              containers:
              - {name: agent, image: registry.example/agent:1}
            """
                .formatted(namespace))
        .create();
    awaitReadyAt("agent", 1L);
    assertThat(
            client
                .apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName("agent")
                .get()
                .getSpec()
                .getUpdateStrategy()
                .getType())
        .isEqualTo("OnDelete");
  }

  private static void awaitReadyAt(String name, long generation) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app(name);
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(generation);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as("Ready; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
            });
  }

  private static Application app(String name) {
    return client.resources(Application.class).inNamespace(namespace).withName(name).get();
  }

  private static void update(String name, Consumer<Application> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              Application app = app(name);
              change.accept(app);
              client.resource(app).update();
              return true;
            });
  }
}
