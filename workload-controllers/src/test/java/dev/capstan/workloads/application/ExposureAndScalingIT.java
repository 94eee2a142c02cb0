package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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

/**
 * Ingress, HorizontalPodAutoscaler and PodDisruptionBudget on the real control plane: created, the
 * autoscaler's replica count left alone (kube-controller-manager's HPA controller raises the
 * Deployment to minReplicas even without metrics), and each pruned when dropped from the spec.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class ExposureAndScalingIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("exposure-scaling-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void childrenAreCreatedAutoscalerOwnsReplicasAndDroppedChildrenArePruned() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: api, namespace: %s}
            spec:
              autoscaling: {minReplicas: 3, maxReplicas: 5}
              disruptionBudget: {minAvailable: 1}
              service:
                ports: [{name: http, port: 80, targetPort: http}]
              ingress:
                host: api.example.test
                tlsSecretName: api-tls
              containers:
              - name: api
                image: registry.example/api:1
                ports: [{name: http, containerPort: 8080}]
                resources: {requests: {cpu: 100m}}
            """
                .formatted(namespace))
        .create();

    // The autoscaler, not the controller, brings the Deployment to three pods.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app();
              assertThat(app.getStatus()).isNotNull();
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
              assertThat(app.getStatus().getReady()).isEqualTo("3/3");
            });
    var service = client.services().inNamespace(namespace).withName("api").get();
    assertThat(app().getStatus().getAddress())
        .satisfies(
            a -> {
              assertThat(a.getDnsName()).isEqualTo("api." + namespace + ".svc");
              assertThat(a.getClusterIP()).isEqualTo(service.getSpec().getClusterIP());
            });
    var ingress = client.network().v1().ingresses().inNamespace(namespace).withName("api").get();
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("api.example.test");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("api-tls");
    var hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(namespace)
            .withName("api")
            .get();
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("api").get())
        .isNotNull();
    assertThat(ourFieldsOf(deployment())).doesNotContain("f:replicas");

    // A spec change applies the Deployment again; the autoscaler's three replicas stay.
    update(a -> a.getSpec().getContainers().get(0).setImage("registry.example/api:2"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app();
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
              assertThat(
                      deployment()
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getImage())
                  .isEqualTo("registry.example/api:2");
            });
    assertThat(deployment().getSpec().getReplicas()).as("not reverted").isEqualTo(3);

    update(
        a -> {
          a.getSpec().setIngress(null);
          a.getSpec().setAutoscaling(null);
          a.getSpec().setDisruptionBudget(null);
          a.getSpec().setReplicas(2);
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .network()
                          .v1()
                          .ingresses()
                          .inNamespace(namespace)
                          .withName("api")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .autoscaling()
                          .v2()
                          .horizontalPodAutoscalers()
                          .inNamespace(namespace)
                          .withName("api")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace(namespace)
                          .withName("api")
                          .get())
                  .isNull();
              assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
              assertThat(app().getStatus().getReady()).isEqualTo("2/2");
            });
  }

  private static String ourFieldsOf(Deployment deployment) {
    return deployment.getMetadata().getManagedFields().stream()
        .filter(f -> ApplicationReconciler.FIELD_MANAGER.equals(f.getManager()))
        .map(f -> f.getFieldsV1().getAdditionalProperties().toString())
        .reduce("", String::concat);
  }

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName("api").get();
  }

  private static Application app() {
    return client.resources(Application.class).inNamespace(namespace).withName("api").get();
  }

  private static void update(Consumer<Application> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              Application app = app();
              change.accept(app);
              client.resource(app).update();
              return true;
            });
  }
}
