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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void applicationBecomesReadyWithItsDeploymentAndIsGarbageCollected() throws Exception {
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

    Application app = applications().withName("cart").get();
    app.getSpec().setReplicas(3);
    app.getSpec().getContainers().get(0).setImage("registry.example/cart:2.0");
    client.resource(app).update();

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

  private static List<Event> eventsAbout(Application app) {
    return client.resources(Event.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> app.getMetadata().getUid().equals(e.getRegarding().getUid()))
        .toList();
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

  private static String kubectl(String... args) throws Exception {
    Path kubectl =
        Path.of(
            run("bash", projectFile("src-test-e2e/cluster/local-cluster.sh"), "bin", "kubectl")
                .trim());
    String[] command = new String[args.length + 3];
    command[0] = kubectl.toString();
    command[1] = "--kubeconfig";
    command[2] = SharedCluster.get().kubeconfig().toString();
    System.arraycopy(args, 0, command, 3, args.length);
    return run(command);
  }

  private static String projectFile(String relative) {
    return dev.capstan.e2e.cluster.ProjectLayout.root().resolve(relative).toString();
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
