package dev.capstan.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.e2e.cluster.CapstanCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control plane is real: the Deployment and ReplicaSet controllers of kube-controller-manager,
 * the scheduler, kwok's simulated kubelets and the garbage collector all act on what we create.
 * None of this happens on a mock.
 */
@CapstanCluster
class WorkloadControllersIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void deploymentGetsAReplicaSetAndRunningPodsOnFakeNodesAndIsGarbageCollected(
      KubernetesClient client) {
    client.apps().deployments().resource(deployment("web", 2)).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Deployment d = client.apps().deployments().withName("web").get();
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    List<ReplicaSet> replicaSets =
        client.apps().replicaSets().withLabel("app", "web").list().getItems();
    assertThat(replicaSets)
        .singleElement()
        .satisfies(
            rs ->
                assertThat(rs.getMetadata().getOwnerReferences())
                    .anySatisfy(
                        o ->
                            assertThat(o.getKind() + "/" + o.getName())
                                .isEqualTo("Deployment/web")));
    List<Pod> pods = client.pods().withLabel("app", "web").list().getItems();
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName())
                  .as("scheduled by kube-scheduler")
                  .startsWith("kwok-node-");
              assertThat(pod.getStatus().getPhase()).as("run by kwok").isEqualTo("Running");
              assertThat(pod.getStatus().getPodIP())
                  .as("pod IP from kwok's CIDR")
                  .startsWith("10.244.");
            });

    client.apps().deployments().withName("web").delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(client.apps().replicaSets().withLabel("app", "web").list().getItems())
                  .as("ReplicaSets collected by the garbage collector")
                  .isEmpty();
              assertThat(client.pods().withLabel("app", "web").list().getItems())
                  .as("pods collected by the garbage collector")
                  .isEmpty();
            });
  }

  @Test
  void scalingADeploymentAddsPods(KubernetesClient client) {
    client.apps().deployments().resource(deployment("scaled", 1)).create();
    await().atMost(TIMEOUT).until(() -> available(client, "scaled") == 1);

    client.apps().deployments().withName("scaled").scale(3);

    await().atMost(TIMEOUT).until(() -> available(client, "scaled") == 3);
    assertThat(client.pods().withLabel("app", "scaled").list().getItems()).hasSize(3);
  }

  private static int available(KubernetesClient client, String name) {
    Integer available =
        client.apps().deployments().withName(name).get().getStatus().getAvailableReplicas();
    return available == null ? 0 : available;
  }

  static Deployment deployment(String name, int replicas) {
    Map<String, String> labels = Map.of("app", name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/web:1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
