package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.metrics.ApiRequestMetrics;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Automatic rollback on the real control plane. The failing revision asks for more CPU than any
 * kwok node has: its pods stay Pending (the scheduler cannot place them), so with a short progress
 * deadline kube-controller-manager reports ProgressDeadlineExceeded — a revision whose pods never
 * become ready, without a kubelet. Crash-looping pods come from Capstan's kwok chaos stage
 * (src-test-e2e/cluster/stages/pod-crash-loop.yaml): pods whose image is
 * registry.example/crash-loop:* report CrashLoopBackOff after 5 restarts, and those of
 * registry.example/never-ready:* stay running but not Ready (pod-never-ready.yaml). The same stage
 * makes a StatefulSet's new revision crash-loop, for the forced rollback.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class RollbackIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static KubernetesClient client;
  private static String namespace;

  @Inject MeterRegistry meters;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("rollback-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void failedRevisionIsRolledBackHeldAndASpecChangeIsTried() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: web, namespace: %s}
            spec:
              replicas: 1
              rollout: {progressDeadlineSeconds: 5, maxSurge: 1, maxUnavailable: 0}
              containers:
              - {name: web, image: registry.example/web:1}
            """
                .formatted(namespace))
        .create();
    awaitReadyAt(1L);
    String goodHash = app().getStatus().getLastGoodRevision().getSpecHash();
    assertThat(app().getStatus().getLastGoodRevision().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("registry.example/web:1"));

    // The bad revision: a new image that asks for more CPU than any node has.
    update(
        a -> {
          ApplicationContainer web = a.getSpec().getContainers().get(0);
          web.setImage("registry.example/web:2");
          ApplicationContainer.ResourceRequirements resources =
              new ApplicationContainer.ResourceRequirements();
          resources.setRequests(Map.of("cpu", new Quantity("1000")));
          web.setResources(resources);
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app();
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(
                      Conditions.isTrue(
                          app.getStatus().getConditions(),
                          ApplicationStatusFactory.ROLLED_BACK_CONDITION))
                  .as("RolledBack; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as(
                      "Ready again on the old revision; status now %s",
                      StatusText.of(app.getStatus()))
                  .isTrue();
            });
    Application rolledBack = app();
    Condition condition =
        Conditions.find(
                rolledBack.getStatus().getConditions(),
                ApplicationStatusFactory.ROLLED_BACK_CONDITION)
            .orElseThrow();
    String badHash = rolledBack.getStatus().getFailedRevision().getSpecHash();
    assertThat(badHash).isNotEqualTo(goodHash);
    assertThat(condition.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition.getMessage()).contains(badHash).contains(goodHash);
    assertThat(Conditions.find(rolledBack.getStatus().getConditions(), Conditions.READY))
        .hasValueSatisfying(
            ready -> {
              assertThat(ready.getReason()).isEqualTo(ApplicationStatusFactory.ROLLED_BACK);
              assertThat(ready.getMessage()).contains(badHash);
            });
    assertThat(Conditions.isTrue(rolledBack.getStatus().getConditions(), Conditions.STALLED))
        .isFalse();
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).isEqualTo("registry.example/web:1");
              assertThat(c.getResources().getRequests()).isNullOrEmpty();
            });
    assertThat(deployment().getMetadata().getAnnotations())
        .containsEntry(Rollback.SPEC_HASH, goodHash);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client.v1().events().inNamespace(namespace).list().getItems().stream()
                            .filter(e -> "RolledBack".equals(e.getReason()))
                            .filter(e -> "Warning".equals(e.getType()))
                            .filter(e -> "web".equals(e.getInvolvedObject().getName())))
                    .isNotEmpty());

    // No flapping: the bad revision is not tried again while the spec stays the same. The
    // Deployment's generation would move on any template change.
    long generation = deployment().getMetadata().getGeneration();
    await()
        .pollDelay(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(25))
        .untilAsserted(
            () -> {
              assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generation);
              assertThat(deployment().getMetadata().getAnnotations())
                  .containsEntry(Rollback.SPEC_HASH, goodHash);
              assertThat(
                      Conditions.isTrue(
                          app().getStatus().getConditions(),
                          ApplicationStatusFactory.ROLLED_BACK_CONDITION))
                  .isTrue();
            });

    // A steady rolled-back Application: a reconcile (triggered by someone else's label on the
    // Deployment) writes nothing.
    double reconcilesBefore = successfulReconciles();
    long deploymentWritesBefore = ApiServerRequests.writes(client, "deployments", "");
    long statusWritesBefore = ApiServerRequests.writes(client, "applications", "status");
    double controllerWritesBefore = controllerWrites();
    labelAsSomeoneElse("Deployment", "web");
    await().atMost(Duration.ofSeconds(30)).until(() -> successfulReconciles() > reconcilesBefore);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(ApiServerRequests.writes(client, "deployments", ""))
        .as("only the test's own label patch reached deployments")
        .isEqualTo(deploymentWritesBefore + 1);
    assertThat(ApiServerRequests.writes(client, "applications", "status"))
        .isEqualTo(statusWritesBefore);
    assertThat(controllerWrites()).isEqualTo(controllerWritesBefore);

    // A spec change is a new revision: tried, and it becomes the last good one.
    update(
        a -> {
          ApplicationContainer web = a.getSpec().getContainers().get(0);
          web.setImage("registry.example/web:3");
          web.setResources(null);
        });
    awaitReadyAt(3L);
    Application fixed = app();
    assertThat(
            Conditions.find(
                fixed.getStatus().getConditions(), ApplicationStatusFactory.ROLLED_BACK_CONDITION))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(fixed.getStatus().getFailedRevision()).isNull();
    // The new revision is recorded as the last good one by the reconcile that sees it available,
    // which may come just after the one that reported Ready at generation 3.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(app().getStatus().getLastGoodRevision().getSpecHash())
                    .isNotIn(goodHash, badHash));
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/web:3");
  }

  @Test
  void crashLoopingRevisionIsRolledBackBeforeItsDeadline() {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: crashy, namespace: %s}
            spec:
              replicas: 1
              # kwok makes a pod ready before the chaos stage makes it crash, as a real container may
              # be for a moment: minReadySeconds keeps such a pod from counting as available.
              rollout: {progressDeadlineSeconds: 600, minReadySeconds: 10}
              containers:
              - {name: app, image: registry.example/app:1}
            """
                .formatted(namespace))
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(app("crashy").getStatus().getLastGoodRevision())
                    .as("Ready with a last good revision")
                    .isNotNull());
    update(
        "crashy",
        a -> a.getSpec().getContainers().get(0).setImage("registry.example/crash-loop:2"));
    // Well before the 600 s deadline.
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Application app = app("crashy");
              assertRolledBack(app, Rollback.CRASH_LOOP, "crashy-");
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
            });
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("crashy")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("registry.example/app:1");
  }

  /**
   * A StatefulSet (OrderedReady, the default) whose new revision crash-loops: restoring the
   * template alone would leave the rollout halted on the crash-looping pod
   * (kubernetes/kubernetes#67250), so the controller also deletes that pod and the StatefulSet
   * recreates it from the restored template.
   */
  @Test
  void crashLoopingStatefulSetRevisionIsRolledBackAndItsStuckPodReplaced() {
    String goodHash = createReadyStatefulSet("db", "{minReadySeconds: 5}");
    String goodRevision = statefulSet("db").getStatus().getUpdateRevision();

    update("db", a -> a.getSpec().getContainers().get(0).setImage("registry.example/crash-loop:2"));
    awaitRolledBackAndReady("db", Rollback.CRASH_LOOP, "db-1/db");
    Application rolledBack = app("db");
    String badHash = rolledBack.getStatus().getFailedRevision().getSpecHash();
    assertThat(badHash).isNotEqualTo(goodHash);
    assertThat(rolledBack.getStatus().getLastGoodRevision().getSpecHash()).isEqualTo(goodHash);
    assertThat(rolledBack.getStatus().getReady()).isEqualTo("2/2");

    // The StatefulSet runs the restored template, settled on the good revision, and carries the
    // failure with it (the guard against a lost status write).
    StatefulSet restored = statefulSet("db");
    assertThat(restored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/db:1");
    assertThat(restored.getMetadata().getAnnotations())
        .containsEntry(Rollback.SPEC_HASH, goodHash)
        .containsEntry(Rollback.ROLLED_BACK_FROM, badHash)
        .containsEntry(Rollback.ROLLBACK_REASON, Rollback.CRASH_LOOP);
    assertThat(restored.getStatus().getUpdateRevision()).isEqualTo(goodRevision);
    assertThat(restored.getStatus().getCurrentRevision()).isEqualTo(goodRevision);
    assertThat(restored.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(client.pods().inNamespace(namespace).withLabel("controller-revision-hash").list())
        .satisfies(
            pods ->
                assertThat(pods.getItems())
                    .filteredOn(p -> p.getMetadata().getName().startsWith("db-"))
                    .hasSize(2)
                    .allSatisfy(
                        p ->
                            assertThat(p.getMetadata().getLabels())
                                .containsEntry("controller-revision-hash", goodRevision)));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var events =
                  client.v1().events().inNamespace(namespace).list().getItems().stream()
                      .filter(e -> "db".equals(e.getInvolvedObject().getName()))
                      .toList();
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("RolledBack");
                        assertThat(e.getType()).isEqualTo("Warning");
                      });
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason())
                            .isEqualTo(ApplicationReconciler.STUCK_POD_DELETED);
                        assertThat(e.getMessage()).contains("db-1");
                      });
            });

    // A lost status write: the failure is gone from status. The next reconcile (triggered here by
    // someone else's label on the StatefulSet) finds it on the StatefulSet, does not retry the
    // bad revision and writes it back to status.
    long generation = statefulSet("db").getMetadata().getGeneration();
    long statefulSetWritesBefore = ApiServerRequests.writes(client, "statefulsets", "");
    client
        .resources(Application.class)
        .inNamespace(namespace)
        .withName("db")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"failedRevision\":null}}");
    assertThat(app("db").getStatus().getFailedRevision()).isNull();
    labelAsSomeoneElse("StatefulSet", "db");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(app("db").getStatus().getFailedRevision())
                    .isNotNull()
                    .satisfies(f -> assertThat(f.getSpecHash()).isEqualTo(badHash)));
    assertThat(statefulSet("db").getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(ApiServerRequests.writes(client, "statefulsets", ""))
        .as("only the test's own label patch reached statefulsets")
        .isEqualTo(statefulSetWritesBefore + 1);

    // The bad revision is not tried again while the spec stays the same.
    await()
        .pollDelay(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(25))
        .untilAsserted(
            () -> {
              assertThat(statefulSet("db").getMetadata().getGeneration()).isEqualTo(generation);
              assertThat(
                      Conditions.isTrue(
                          app("db").getStatus().getConditions(),
                          ApplicationStatusFactory.ROLLED_BACK_CONDITION))
                  .isTrue();
            });

    // A new spec rolls out normally and becomes the last good revision.
    update("db", a -> a.getSpec().getContainers().get(0).setImage("registry.example/db:3"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app("db");
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(3L);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as("Ready; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
              assertThat(app.getStatus().getFailedRevision()).isNull();
              assertThat(app.getStatus().getLastGoodRevision().getSpecHash())
                  .isNotIn(goodHash, badHash);
            });
    StatefulSet fixed = statefulSet("db");
    assertThat(fixed.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/db:3");
    assertThat(fixed.getMetadata().getAnnotations()).doesNotContainKey(Rollback.ROLLED_BACK_FROM);
    assertThat(fixed.getStatus().getCurrentRevision())
        .isEqualTo(fixed.getStatus().getUpdateRevision())
        .isNotEqualTo(goodRevision);
  }

  /**
   * A StatefulSet whose new revision never becomes Ready (OrderedReady halts on it without a word):
   * Capstan applies the progress deadline itself, rolls back and replaces the stuck pod.
   */
  @Test
  void notReadyStatefulSetRevisionIsRolledBackAfterItsDeadline() {
    createReadyStatefulSet("slow", "{minReadySeconds: 5, progressDeadlineSeconds: 10}");
    String goodRevision = statefulSet("slow").getStatus().getUpdateRevision();

    update(
        "slow", a -> a.getSpec().getContainers().get(0).setImage("registry.example/never-ready:1"));
    awaitRolledBackAndReady(
        "slow",
        ApplicationStatusFactory.PROGRESS_DEADLINE_EXCEEDED,
        "Pod slow-1 of the new revision");
    StatefulSet restored = statefulSet("slow");
    assertThat(restored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/db:1");
    assertThat(restored.getStatus().getCurrentRevision()).isEqualTo(goodRevision);
    assertThat(restored.getStatus().getUpdateRevision()).isEqualTo(goodRevision);
  }

  /**
   * Creates a two-replica StatefulSet Application with {@code rollout}, waits until it is Ready
   * with a last good revision and returns that revision's spec hash. A pod is Ready for a moment
   * before a chaos stage turns it, so the rollout should set minReadySeconds: that moment must not
   * make a bad revision available (and so "good").
   */
  private static String createReadyStatefulSet(String name, String rollout) {
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: %s, namespace: %s}
            spec:
              workload: StatefulSet
              replicas: 2
              rollout: %s
              containers:
              - {name: db, image: registry.example/db:1}
            """
                .formatted(name, namespace, rollout))
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app(name);
              assertThat(app.getStatus()).isNotNull();
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as("Ready; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
              assertThat(app.getStatus().getLastGoodRevision()).isNotNull();
            });
    return app(name).getStatus().getLastGoodRevision().getSpecHash();
  }

  /** Waits for generation 2 to be rolled back for {@code reason} and Ready again. */
  private static void awaitRolledBackAndReady(String name, String reason, String messagePart) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app(name);
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertRolledBack(app, reason, messagePart);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as(
                      "Ready again on the restored revision; status now %s",
                      StatusText.of(app.getStatus()))
                  .isTrue();
              assertThat(app.getStatus().getReady()).isEqualTo("2/2");
            });
  }

  /** Someone else's label on a workload: an update event that changes nothing of ours. */
  private static void labelAsSomeoneElse(String kind, String name) {
    client
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("apps/v1")
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("example.com/owner", "team-a")
                .endMetadata()
                .build())
        .fieldManager("someone-else")
        .serverSideApply();
  }

  private static void assertRolledBack(Application app, String reason, String messagePart) {
    assertThat(
            Conditions.find(
                app.getStatus().getConditions(), ApplicationStatusFactory.ROLLED_BACK_CONDITION))
        .as("status now %s", StatusText.of(app.getStatus()))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(reason);
              assertThat(c.getMessage()).contains(messagePart);
            });
  }

  private static void awaitReadyAt(long generation) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app();
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(generation);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as("Ready; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
              assertThat(app.getStatus().getLastGoodRevision()).isNotNull();
            });
  }

  private static Application app() {
    return app("web");
  }

  private static Application app(String name) {
    return client.resources(Application.class).inNamespace(namespace).withName(name).get();
  }

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName("web").get();
  }

  private static StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  private static void update(Consumer<Application> change) {
    update("web", change);
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

  private double controllerWrites() {
    return meters
        .find(ApiRequestMetrics.API_REQUESTS)
        .tag("controller", ApplicationReconciler.NAME)
        .counters()
        .stream()
        .filter(c -> WRITE_VERBS.contains(c.getId().getTag("verb")))
        .mapToDouble(Counter::count)
        .sum();
  }

  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "apply", "delete", "deletecollection");

  private double successfulReconciles() {
    return meters.find("operator.sdk.reconciliations.success").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
