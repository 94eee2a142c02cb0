package dev.capstan.security.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.security.webhook.SecurityClusterResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status reconciler on the real control plane: a valid audit policy becomes Ready for its
 * generation and counts the running pods (created before it, in a namespace the webhooks do not
 * intercept) it would not admit.
 */
@QuarkusTest
@QuarkusTestResource(SecurityClusterResource.class)
@Tag("cluster")
class PolicyStatusIT {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static KubernetesClient client;
  private static String namespace;
  private static String policy;

  @BeforeAll
  static void setUp() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("psp-status");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    if (policy != null) {
      client.resources(PodSecurityPolicy.class).withName(policy).delete();
    }
    client.namespaces().withName(namespace).delete();
    client.close();
  }

  @Test
  void auditPolicyIsReadyAndCountsTheRunningPodsItWouldReject() {
    for (String name : new String[] {"priv-a", "priv-b"}) {
      client.pods().inNamespace(namespace).resource(pod(name, true)).create();
    }
    client.pods().inNamespace(namespace).resource(pod("fine", false)).create();
    policy = "audit-status-" + UUID.randomUUID().toString().substring(0, 5);
    client
        .resource(
            YAML.unmarshal(
                """
                apiVersion: security.capstan.dev/v1alpha1
                kind: PodSecurityPolicy
                metadata: {name: %s}
                spec:
                  mode: audit
                  base: {level: baseline}
                  binding:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """
                    .formatted(policy, namespace),
                PodSecurityPolicy.class))
        .create();

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              PodSecurityPolicy stored =
                  client.resources(PodSecurityPolicy.class).withName(policy).get();
              assertThat(stored.getStatus()).isNotNull();
              assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(Conditions.isTrue(stored.getStatus().getConditions(), Conditions.READY))
                  .isTrue();
              assertThat(stored.getStatus().getViolatingPods()).isEqualTo(2);
              assertThat(stored.getStatus().getViolatingPodNames())
                  .containsExactly(namespace + "/priv-a", namespace + "/priv-b");
            });

    // A spec change is observed at its generation; privileged now allowed, nothing violates.
    client
        .resources(PodSecurityPolicy.class)
        .withName(policy)
        .edit(
            p -> {
              p.getSpec()
                  .getBase()
                  .setLevel(dev.capstan.crds.security.v1alpha1.PodSecurityLevel.privileged);
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              PodSecurityPolicy stored =
                  client.resources(PodSecurityPolicy.class).withName(policy).get();
              assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(stored.getStatus().getViolatingPods()).isZero();
              assertThat(stored.getStatus().getViolatingPodNames()).isNull();
            });
  }

  private static Pod pod(String name, boolean privileged) {
    return YAML.unmarshal(
        "metadata: {name: "
            + name
            + "}\nspec:\n  containers: [{name: app, image: app:1, securityContext: {privileged: "
            + privileged
            + "}}]\n",
        Pod.class);
  }
}
