package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A missing RuntimeClass stops the rollout with Stalled; once it exists, the rollout goes on. */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class RuntimeClassIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static KubernetesClient client;
  private static String namespace;
  private static String runtimeClass;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("runtimeclass-it");
    runtimeClass = namespace + "-sandbox";
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    client.resources(RuntimeClass.class).withName(runtimeClass).delete();
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void missingRuntimeClassStallsBeforeRollingOut() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: sandboxed, namespace: %s}
            spec:
              replicas: 1
              runtimeClassName: %s
              containers:
              - {name: app, image: registry.example/app:1}
            """
                .formatted(namespace, runtimeClass))
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app();
              assertThat(app.getStatus()).isNotNull();
              assertThat(
                      Conditions.find(app.getStatus().getConditions(), Conditions.STALLED)
                          .orElseThrow())
                  .satisfies(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo(RuntimeClassCheck.NOT_FOUND);
                        assertThat(c.getMessage()).contains(runtimeClass);
                      });
            });
    assertThat(client.apps().deployments().inNamespace(namespace).withName("sandboxed").get())
        .as("nothing rolled out")
        .isNull();

    client
        .resource(
            new RuntimeClassBuilder()
                .withNewMetadata()
                .withName(runtimeClass)
                .endMetadata()
                .withHandler("runsc")
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(Conditions.isTrue(app().getStatus().getConditions(), Conditions.READY))
                    .as("Ready; status now %s", StatusText.of(app().getStatus()))
                    .isTrue());
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("sandboxed")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getRuntimeClassName())
        .isEqualTo(runtimeClass);
  }

  private static Application app() {
    return client.resources(Application.class).inNamespace(namespace).withName("sandboxed").get();
  }
}
