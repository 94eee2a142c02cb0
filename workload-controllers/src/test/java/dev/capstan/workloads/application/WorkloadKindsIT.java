package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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

/** Every workload kind reaches Ready on the real control plane; changing the kind replaces it. */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class WorkloadKindsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("workload-kinds-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void statefulSetBecomesReadyBehindItsHeadlessService() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: db, namespace: %s}
        spec:
          workload: StatefulSet
          replicas: 2
          statefulSet: {podManagementPolicy: Parallel}
          containers:
          - name: db
            image: registry.example/db:16
            ports: [{name: sql, containerPort: 5432}]
        """);

    Condition ready = awaitReady("db");
    assertThat(ready.getReason()).isEqualTo("Available");
    assertThat(app("db").getStatus().getReady()).isEqualTo("2/2");
    assertThat(Conditions.find(app("db").getStatus().getConditions(), "Available"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(Conditions.find(app("db").getStatus().getConditions(), "Progressing"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("RolloutComplete"));
    StatefulSet statefulSet =
        client.apps().statefulSets().inNamespace(namespace).withName("db").get();
    assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("db-headless");
    var headless = client.services().inNamespace(namespace).withName("db-headless").get();
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("db"));
    assertThat(client.pods().inNamespace(namespace).withName("db-1").get())
        .as("stable, ordinal pod names")
        .isNotNull();
  }

  @Test
  void statefulSetClaimsStoragePerReplica() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: store, namespace: %s}
        spec:
          workload: StatefulSet
          replicas: 1
          statefulSet:
            volumeClaimTemplates:
            - {name: data, size: 1Gi, mountPath: /var/lib/store}
          containers:
          - {name: store, image: registry.example/store:1}
        """);

    // The local control plane has no provisioner, so the claim stays Pending; what matters here is
    // that the StatefulSet controller made one claim for replica 0 from our template.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .persistentVolumeClaims()
                            .inNamespace(namespace)
                            .withName("data-store-0")
                            .get())
                    .isNotNull());
    var mounts =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName("store")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getVolumeMounts();
    assertThat(mounts).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/store"));
  }

  @Test
  void daemonSetRunsOnePodOnEachMatchingNode() {
    long zoneANodes =
        client.nodes().withLabel("topology.kubernetes.io/zone", "zone-a").list().getItems().size();
    assertThat(zoneANodes).as("the local cluster has a node in zone-a").isPositive();
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: agent, namespace: %s}
        spec:
          workload: DaemonSet
          nodeSelector: {topology.kubernetes.io/zone: zone-a}
          containers:
          - {name: agent, image: registry.example/agent:1}
        """);

    awaitReady("agent");
    assertThat(app("agent").getStatus().getReady()).isEqualTo(zoneANodes + "/" + zoneANodes);
    assertThat(client.apps().daemonSets().inNamespace(namespace).withName("agent").get().getSpec())
        .satisfies(
            s ->
                assertThat(s.getTemplate().getSpec().getNodeSelector())
                    .containsEntry("topology.kubernetes.io/zone", "zone-a"));
  }

  /** kwok's pod-complete stage finishes the pods of Jobs, as a kubelet would. */
  @Test
  void jobRunsToCompletion() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: migrate, namespace: %s}
        spec:
          workload: Job
          job: {completions: 2, parallelism: 2, backoffLimit: 1}
          containers:
          - {name: migrate, image: registry.example/migrate:1}
        """);

    Condition ready = awaitReady("migrate");
    assertThat(ready.getReason()).isEqualTo("Complete");
    assertThat(app("migrate").getStatus().getReady()).isEqualTo("2/2");
    assertThat(app("migrate").getStatus().getRuns())
        .satisfies(
            runs -> {
              assertThat(runs.getSucceeded()).isEqualTo(2);
              assertThat(runs.getActive()).isZero();
              assertThat(runs.getCompletionTime()).isNotBlank();
            });
    assertThat(Conditions.find(app("migrate").getStatus().getConditions(), "Progressing"))
        .as("a Job has no rollout")
        .isEmpty();
    var job = client.batch().v1().jobs().inNamespace(namespace).withName("migrate").get();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
  }

  @Test
  void cronJobIsReadyOnceScheduled() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: report, namespace: %s}
        spec:
          workload: CronJob
          cronJob: {schedule: "0 3 * * *", concurrencyPolicy: Forbid, successfulJobsHistoryLimit: 1}
          containers:
          - {name: report, image: registry.example/report:1}
        """);

    Condition ready = awaitReady("report");
    assertThat(ready.getReason()).isEqualTo("Scheduled");
    assertThat(app("report").getStatus().getRuns().getActive()).isZero();
    var cron = client.batch().v1().cronjobs().inNamespace(namespace).withName("report").get();
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(1);
  }

  @Test
  void changingTheKindPrunesTheOldWorkloadAndCreatesTheNew() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: shifty, namespace: %s}
        spec:
          replicas: 1
          containers:
          - {name: app, image: registry.example/shifty:1, ports: [{name: http, containerPort: 80}]}
        """);
    awaitReady("shifty");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("shifty").get())
        .isNotNull();

    update("shifty", a -> a.getSpec().setWorkload(WorkloadKind.StatefulSet));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      client.apps().deployments().inNamespace(namespace).withName("shifty").get())
                  .isNull();
              assertThat(
                      client.apps().statefulSets().inNamespace(namespace).withName("shifty").get())
                  .isNotNull();
              Application app = app("shifty");
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
            });

    update(
        "shifty",
        a -> {
          a.getSpec().setWorkload(WorkloadKind.Job);
          a.getSpec().setReplicas(null);
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      client.apps().statefulSets().inNamespace(namespace).withName("shifty").get())
                  .isNull();
              assertThat(client.services().inNamespace(namespace).withName("shifty-headless").get())
                  .as("the headless Service goes with the StatefulSet")
                  .isNull();
              Application app = app("shifty");
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(3L);
              assertThat(Conditions.find(app.getStatus().getConditions(), Conditions.READY))
                  .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Complete"));
            });
    assertThat(client.batch().v1().jobs().inNamespace(namespace).withName("shifty").get())
        .isNotNull();
    assertThat(Conditions.isTrue(app("shifty").getStatus().getConditions(), Conditions.STALLED))
        .as("no error on the way")
        .isFalse();
  }

  private static void create(String yaml) {
    client.resource(yaml.formatted(namespace)).create();
  }

  private static Application app(String name) {
    return client.resources(Application.class).inNamespace(namespace).withName(name).get();
  }

  private static Condition awaitReady(String name) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app(name);
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().getObservedGeneration())
                  .isEqualTo(app.getMetadata().getGeneration());
              assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY))
                  .as("Ready; status now %s", StatusText.of(app.getStatus()))
                  .isTrue();
            });
    return Conditions.find(app(name).getStatus().getConditions(), Conditions.READY).orElseThrow();
  }

  /** Get, change, update; again on a conflict (the controller writes status at the same time). */
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
