package dev.capstan.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.retry.ErrorClassifier;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The immutable-field strategies against the real API server and controllers: the StatefulSet
 * recreated around its pods and volumes, the Deployment left alone with a Stalled message, the Job
 * recreated, and no request at all when nothing immutable changed.
 */
@CapstanCluster
class ImmutableChangesIT {

  private static final String MANAGER = "capstan-immutable-it";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void aNewClaimTemplateRecreatesTheStatefulSetAndKeepsPodsAndVolumes(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    StatefulSet first = apply(client, statefulSet(cluster.namespace(), "1Gi"));
    Pod pod =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> client.pods().inNamespace(cluster.namespace()).withName("db-0").get(),
                p -> p != null);
    String claimUid =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .persistentVolumeClaims()
                        .inNamespace(cluster.namespace())
                        .withName("data-db-0")
                        .get(),
                c -> c != null)
            .getMetadata()
            .getUid();
    StatefulSet bigger = statefulSet(cluster.namespace(), "2Gi");

    ImmutableChanges.Outcome outcome =
        new ImmutableChanges(client, TIMEOUT).prepare(stored(client, first), bigger);
    StatefulSet second = apply(client, bigger);

    assertThat(outcome.recreated()).isTrue();
    assertThat(outcome.changedFields()).containsExactly("spec.volumeClaimTemplates");
    assertThat(outcome.strategy()).isEqualTo(ImmutableChangeStrategy.RECREATE_KEEPING_DEPENDENTS);
    assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
    assertThat(
            second
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage"))
        .isEqualTo(new Quantity("2Gi"));
    // The same pod, adopted by the new StatefulSet; the same volume claim.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Pod now = client.pods().inNamespace(cluster.namespace()).withName("db-0").get();
              assertThat(now.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
              assertThat(now.getMetadata().getOwnerReferences())
                  .extracting(OwnerReference::getUid)
                  .containsExactly(second.getMetadata().getUid());
            });
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(cluster.namespace())
                .withName("data-db-0")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(claimUid);
  }

  @Test
  void aNewSelectorStallsAndChangesNothing(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    Deployment stored = apply(client, deployment(cluster.namespace(), "web", "web"));
    Deployment moved = deployment(cluster.namespace(), "web", "web-v2");

    assertThatThrownBy(() -> new ImmutableChanges(client, TIMEOUT).prepare(stored, moved))
        .isInstanceOfSatisfying(
            ImmutableFieldChangeException.class,
            e -> {
              assertThat(e.fields()).containsExactly("spec.selector");
              assertThat(ErrorClassifier.classify(e).permanent()).isTrue();
              assertThat(ErrorClassifier.classify(e).reason()).isEqualTo("ImmutableFieldChanged");
            });
    Deployment after = stored(client, stored);
    assertThat(after.getMetadata().getUid()).isEqualTo(stored.getMetadata().getUid());
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void aNewJobTemplateRecreatesTheJob(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    Job first = apply(client, job(cluster.namespace(), "echo one"));
    Job changed = job(cluster.namespace(), "echo two");

    ImmutableChanges.Outcome outcome =
        new ImmutableChanges(client, TIMEOUT).prepare(stored(client, first), changed);
    Job second = apply(client, changed);

    assertThat(outcome.strategy()).isEqualTo(ImmutableChangeStrategy.RECREATE);
    assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
    assertThat(second.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("echo two");
  }

  @Test
  void withoutImmutableChangesItMakesNoRequest(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    Deployment stored = apply(client, deployment(cluster.namespace(), "steady", "steady"));
    Deployment scaled = deployment(cluster.namespace(), "steady", "steady");
    scaled.getSpec().setReplicas(4);
    long before = ApiServerRequests.all(client, "deployments", "");

    ImmutableChanges.Outcome outcome =
        new ImmutableChanges(client, TIMEOUT).prepare(stored, scaled);

    assertThat(outcome.recreated()).isFalse();
    assertThat(ApiServerRequests.all(client, "deployments", "")).isEqualTo(before);
  }

  private static <T extends HasMetadata> T apply(KubernetesClient client, T object) {
    return client.resource(object).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private static <T extends HasMetadata> T stored(KubernetesClient client, T object) {
    return client.resource(object).get();
  }

  private static PodTemplateSpec template(String app, String... args) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(args.length > 0 ? "Never" : "Always")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withArgs(args)
        .endContainer()
        .endSpec()
        .build();
  }

  private static StatefulSet statefulSet(String namespace, String size) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("db")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName("db")
        .withNewSelector()
        .withMatchLabels(Map.of("app", "db"))
        .endSelector()
        .withTemplate(template("db"))
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName("data")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static Deployment deployment(String namespace, String name, String app) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(Map.of("app", app))
        .endSelector()
        .withTemplate(template(app))
        .endSpec()
        .build();
  }

  private static Job job(String namespace, String command) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("once")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withTemplate(template("once", command))
        .endSpec()
        .build();
  }
}
