package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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
 * Pod shape on the real control plane: the default security profile passes the apiserver's Pod
 * Security admission at the restricted level (and "none" does not), sidecars and init containers
 * reach the pods, and a shared claim dropped from the spec is kept and reported.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class PodShapeIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("pod-shape-it");
    TestNamespaces.create(client, namespace);
    // The built-in PodSecurity admission plugin rejects pods below the restricted level here.
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .fieldManager("pod-shape-it")
        .serverSideApply();
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  @Test
  void defaultProfilePassesPodSecurityRestrictedWithSidecarsAndInitContainers() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: tight, namespace: %s}
        spec:
          replicas: 2
          volumes:
          - {name: scratch, emptyDir: {sizeLimit: 64Mi}}
          initContainers:
          - {name: prepare, image: registry.example/prepare:1}
          sidecars:
          - {name: proxy, image: registry.example/proxy:1}
          containers:
          - name: app
            image: registry.example/tight:1
            volumeMounts: [{name: scratch, mountPath: /tmp}]
        """);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready(app("tight"))).as("Ready").isTrue());
    List<Pod> pods = pods("tight");
    assertThat(pods).hasSize(2);
    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getInitContainers())
        .extracting(c -> c.getName() + ":" + c.getRestartPolicy())
        .containsExactly("proxy:Always", "prepare:null");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void profileNoneIsRejectedByPodSecurityRestricted() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: loose, namespace: %s}
        spec:
          replicas: 1
          securityProfile: none
          containers:
          - {name: app, image: registry.example/loose:1}
        """);

    // The Deployment exists but its ReplicaSet cannot create pods: Pod Security forbids them.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .replicaSets()
                            .inNamespace(namespace)
                            .withLabel(ApplicationLabels.INSTANCE, "loose")
                            .list()
                            .getItems())
                    .anySatisfy(
                        rs ->
                            assertThat(rs.getStatus().getConditions())
                                .anySatisfy(
                                    c -> {
                                      assertThat(c.getType()).isEqualTo("ReplicaFailure");
                                      assertThat(c.getMessage()).contains("restricted");
                                    })));
    assertThat(pods("loose")).isEmpty();
    assertThat(ready(app("loose"))).isFalse();
  }

  @Test
  void sharedClaimDroppedFromTheSpecIsKeptAndReported() {
    create(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: keeper, namespace: %s}
        spec:
          replicas: 1
          volumes:
          - {name: uploads, claim: {size: 1Gi, accessModes: [ReadWriteMany]}}
          containers:
          - name: app
            image: registry.example/keeper:1
            volumeMounts: [{name: uploads, mountPath: /srv/uploads}]
        """);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var claim =
                  client
                      .persistentVolumeClaims()
                      .inNamespace(namespace)
                      .withName("keeper-uploads")
                      .get();
              assertThat(claim).isNotNull();
              assertThat(claim.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getName()).isEqualTo("keeper"));
            });

    update(
        "keeper",
        a -> {
          a.getSpec().setVolumes(null);
          a.getSpec().getContainers().get(0).setVolumeMounts(null);
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Application app = app("keeper");
              assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(app.getStatus().getRetainedClaims()).containsExactly("keeper-uploads");
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .inNamespace(namespace)
                          .withName("keeper")
                          .get()
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getVolumes())
                  .isNullOrEmpty();
            });
    assertThat(
            client.persistentVolumeClaims().inNamespace(namespace).withName("keeper-uploads").get())
        .as("the claim and its data stay")
        .isNotNull();
  }

  private static List<Pod> pods(String app) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(ApplicationLabels.INSTANCE, app)
        .list()
        .getItems();
  }

  private static void create(String yaml) {
    client.resource(yaml.formatted(namespace)).create();
  }

  private static Application app(String name) {
    return client.resources(Application.class).inNamespace(namespace).withName(name).get();
  }

  private static boolean ready(Application app) {
    return app != null
        && app.getStatus() != null
        && app.getMetadata().getGeneration().equals(app.getStatus().getObservedGeneration())
        && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY);
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
