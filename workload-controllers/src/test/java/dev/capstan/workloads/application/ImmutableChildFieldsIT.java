package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spec changes that reach immutable fields of a child: operator-core's strategy recreates a
 * StatefulSet around its pods and claims and a Job as a new run, and stalls (with a message, no
 * retry loop) where recreating would lose data — a shared claim's storage class.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class ImmutableChildFieldsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("immutable-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void aLargerClaimTemplateRecreatesTheStatefulSetKeepingPodsAndClaims() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: vault, namespace: %s}
        spec:
          workload: StatefulSet
          replicas: 1
          statefulSet:
            volumeClaimTemplates:
            - {name: data, size: 1Gi, mountPath: /var/lib/vault}
          containers:
          - {name: vault, image: registry.example/vault:1}
        """);
    Pod pod = await().atMost(TIMEOUT).until(() -> pod("vault-0"), p -> p != null);
    String claimUid =
        await()
            .atMost(TIMEOUT)
            .until(() -> claim("data-vault-0"), c -> c != null)
            .getMetadata()
            .getUid();
    String firstUid = statefulSet("vault").getMetadata().getUid();

    update(
        "vault",
        app ->
            app.getSpec()
                .getStatefulSet()
                .getVolumeClaimTemplates()
                .get(0)
                .setSize(new Quantity("2Gi")));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              StatefulSet now = statefulSet("vault");
              assertThat(now).isNotNull();
              assertThat(now.getMetadata().getUid()).isNotEqualTo(firstUid);
              assertThat(
                      now.getSpec()
                          .getVolumeClaimTemplates()
                          .get(0)
                          .getSpec()
                          .getResources()
                          .getRequests()
                          .get("storage"))
                  .isEqualTo(new Quantity("2Gi"));
              Pod adopted = pod("vault-0");
              assertThat(adopted.getMetadata().getUid())
                  .as("the same pod, not a new one")
                  .isEqualTo(pod.getMetadata().getUid());
              assertThat(adopted.getMetadata().getOwnerReferences())
                  .extracting(OwnerReference::getUid)
                  .containsExactly(now.getMetadata().getUid());
            });
    assertThat(claim("data-vault-0").getMetadata().getUid()).isEqualTo(claimUid);
    assertThat(Conditions.isTrue(app("vault").getStatus().getConditions(), Conditions.STALLED))
        .isFalse();
    assertThat(eventReasons("vault")).contains("Recreated");
  }

  @Test
  void aNewJobTemplateIsANewRun() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: migrate, namespace: %s}
        spec:
          workload: Job
          containers:
          - {name: migrate, image: registry.example/migrate:1, args: [up, "1"]}
        """);
    String firstUid =
        await().atMost(TIMEOUT).until(() -> job("migrate"), j -> j != null).getMetadata().getUid();

    update("migrate", app -> app.getSpec().getContainers().get(0).setArgs(List.of("up", "2")));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Job now = job("migrate");
              assertThat(now).isNotNull();
              assertThat(now.getMetadata().getUid()).isNotEqualTo(firstUid);
              assertThat(now.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                  .containsExactly("up", "2");
            });
  }

  @Test
  void aSharedClaimsNewStorageClassStallsAndKeepsTheClaim() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: files, namespace: %s}
        spec:
          containers:
          - name: files
            image: registry.example/files:1
            volumeMounts: [{name: uploads, mountPath: /uploads}]
          volumes:
          - {name: uploads, claim: {size: 1Gi, storageClassName: standard}}
        """);
    String claimUid =
        await()
            .atMost(TIMEOUT)
            .until(() -> claim("files-uploads"), c -> c != null)
            .getMetadata()
            .getUid();

    update(
        "files", app -> app.getSpec().getVolumes().get(0).getClaim().setStorageClassName("fast"));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app("files");
              assertThat(app.getStatus().getObservedGeneration())
                  .isEqualTo(app.getMetadata().getGeneration());
              assertThat(Conditions.find(app.getStatus().getConditions(), Conditions.STALLED))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("ImmutableFieldChanged");
                        assertThat(c.getMessage())
                            .contains("files-uploads")
                            .contains("spec.storageClassName");
                      });
            });
    assertThat(claim("files-uploads").getMetadata().getUid()).isEqualTo(claimUid);
    assertThat(claim("files-uploads").getSpec().getStorageClassName()).isEqualTo("standard");
  }

  private static void create(String yaml) {
    client.resource(yaml.formatted(namespace)).create();
  }

  private static Application app(String name) {
    return client.resources(Application.class).inNamespace(namespace).withName(name).get();
  }

  private static Pod pod(String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
  }

  private static StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  private static Job job(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  private static List<String> eventReasons(String app) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> app.equals(e.getRegarding().getName()))
        .map(e -> e.getReason())
        .toList();
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
