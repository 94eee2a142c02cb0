package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator, started by Quarkus in this JVM, reconciles Applications on the real control plane.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class ApplicationReconcilerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("application-reconciler-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void applicationBecomesReadyWithItsDeploymentAndIsGarbageCollected() {
    client.resource(application("shop", 2)).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = applications().withName("shop").get();
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().getObservedGeneration())
                  .isEqualTo(app.getMetadata().getGeneration());
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
              assertThat(app.getStatus().getReady()).isEqualTo("2/2");
            });
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName("shop").get();
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Application"));
    assertThat(deployment.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo(ApplicationReconciler.FIELD_MANAGER));
    Application ready = applications().withName("shop").get();
    assertThat(Conditions.find(ready.getStatus().getConditions(), Conditions.RECONCILING))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));

    // Becoming Ready is worth telling people: one Normal Event from this controller.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventsAbout(ready))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Normal");
                          assertThat(e.getReason()).isEqualTo("Available");
                          assertThat(e.getAction()).isEqualTo("Rollout");
                          assertThat(e.getNote()).contains("2/2");
                          assertThat(e.getReportingController())
                              .isEqualTo("capstan.dev/workload-controllers");
                          assertThat(e.getReportingInstance()).isNotBlank();
                        }));

    // kstatus-aware tools work on it: the real kubectl waits for the Ready condition.
    assertThat(
            kubectl(
                "wait",
                "--for=condition=Ready",
                "applications.workloads.capstan.dev/shop",
                "-n",
                namespace,
                "--timeout=30s"))
        .contains("condition met");

    applications().withName("shop").delete();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.apps().deployments().inNamespace(namespace).withName("shop").get() == null);
  }

  @Test
  void specChangeRollsOutAndStatusFollowsTheNewGeneration() {
    client.resource(application("cart", 1)).create();
    await().atMost(TIMEOUT).until(() -> ready(applications().withName("cart").get()));

    updateApplication(
        "cart",
        app -> {
          app.getSpec().setReplicas(3);
          app.getSpec().getContainers().get(0).setImage("registry.example/cart:2.0");
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application current = applications().withName("cart").get();
              assertThat(current.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(ready(current)).isTrue();
              assertThat(current.getStatus().getReady()).isEqualTo("3/3");
            });
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName("cart").get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/cart:2.0");
  }

  @Test
  void replicasOwnedBySomeoneElseAreNotFoughtOver() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: scaled, namespace: %s}
            spec:
              containers:
              - {name: app, image: registry.example/scaled:1.0}
            """
                .formatted(namespace))
        .create();
    await().atMost(TIMEOUT).until(() -> ready(applications().withName("scaled").get()));

    // What a HorizontalPodAutoscaler does: another field manager sets spec.replicas through the
    // scale subresource.
    client.apps().deployments().inNamespace(namespace).withName("scaled").scale(3);
    // A change to the Application's spec makes the controller apply the Deployment again.
    // edit() patches the spec only: the controller writes status at the same time, so no optimistic
    // lock.
    updateApplication(
        "scaled",
        a -> {
          a.getSpec().getContainers().get(0).setImage("registry.example/scaled:1.1");
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application current = applications().withName("scaled").get();
              assertThat(current.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(ready(current)).isTrue();
              assertThat(current.getStatus().getReady()).isEqualTo("3/3");
            });
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName("scaled").get();
    assertThat(deployment.getSpec().getReplicas()).as("the autoscaler's value stays").isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/scaled:1.1");
  }

  @Test
  void configChangeRollsThePodsAndRemovedChildrenArePruned() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: configured, namespace: %s}
            spec:
              replicas: 2
              config:
                data: {app.conf: "level=info"}
              service:
                type: ClusterIP
                ports: [{name: http, port: 80, targetPort: 8080}]
              containers:
              - name: app
                image: registry.example/configured:1.0
                ports: [{name: http, containerPort: 8080}]
            """
                .formatted(namespace))
        .create();
    await().atMost(TIMEOUT).until(() -> ready(applications().withName("configured").get()));
    assertThat(
            client
                .configMaps()
                .inNamespace(namespace)
                .withName("configured-config")
                .get()
                .getData())
        .containsEntry("app.conf", "level=info");
    var service = client.services().inNamespace(namespace).withName("configured").get();
    assertThat(service.getSpec().getClusterIP()).as("allocated by the apiserver").isNotBlank();
    assertThat(service.getSpec().getSelector())
        .containsEntry(ApplicationLabels.INSTANCE, "configured");
    List<String> replicaSetsBefore = replicaSetNames("configured");

    updateApplication(
        "configured",
        app -> {
          app.getSpec().getConfig().setData(java.util.Map.of("app.conf", "level=debug"));
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(replicaSetNames("configured"))
                  .as("a new ReplicaSet for the new config")
                  .hasSizeGreaterThan(replicaSetsBefore.size());
              Application current = applications().withName("configured").get();
              assertThat(current.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(ready(current)).isTrue();
            });
    assertThat(
            client
                .configMaps()
                .inNamespace(namespace)
                .withName("configured-config")
                .get()
                .getData())
        .containsEntry("app.conf", "level=debug");

    updateApplication(
        "configured",
        app -> {
          app.getSpec().setConfig(null);
          app.getSpec().setService(null);
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(client.services().inNamespace(namespace).withName("configured").get())
                  .isNull();
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(namespace)
                          .withName("configured-config")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .inNamespace(namespace)
                          .withName("configured")
                          .get()
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getVolumes())
                  .isEmpty();
            });
  }

  private static List<String> replicaSetNames(String app) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withLabel(ApplicationLabels.INSTANCE, app)
        .list()
        .getItems()
        .stream()
        .map(rs -> rs.getMetadata().getName())
        .toList();
  }

  private static List<Event> eventsAbout(Application app) {
    return client.resources(Event.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> app.getMetadata().getUid().equals(e.getRegarding().getUid()))
        .toList();
  }

  /** Get, change, update; again on a conflict (the controller writes status at the same time). */
  private static void updateApplication(
      String name, java.util.function.Consumer<Application> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsMatching(
            e ->
                e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                    && k.getCode() == 409)
        .until(
            () -> {
              Application app = applications().withName(name).get();
              change.accept(app);
              client.resource(app).update();
              return true;
            });
  }

  private static boolean ready(Application app) {
    return app != null
        && app.getStatus() != null
        && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY);
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          Application,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<Application>,
          io.fabric8.kubernetes.client.dsl.Resource<Application>>
      applications() {
    return client.resources(Application.class).inNamespace(namespace);
  }

  private static Application application(String name, int replicas) {
    ApplicationContainer container = new ApplicationContainer();
    container.setName("app");
    container.setImage("registry.example/" + name + ":1.0");
    ApplicationSpec spec = new ApplicationSpec();
    spec.setReplicas(replicas);
    spec.setContainers(List.of(container));
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    app.setSpec(spec);
    return app;
  }

  private static String kubectl(String... args) {
    return Tools.kubectl(SharedCluster.get().kubeconfig(), args).orFail("kubectl").output();
  }
}
