package dev.capstan.security.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.security.webhook.SecurityClusterResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status reconciler on the real control plane: a valid audit policy becomes Ready for its
 * generation and counts the running pods (created before it, in a namespace the webhooks do not
 * intercept) it would not admit; finding them and their going away are each one Event.
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
    // the transition is announced once, as a Warning Event about the policy (in default, where
    // Events about cluster-scoped objects go)
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(eventsAboutPolicy())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("ViolatingPods");
                          assertThat(e.getReportingController())
                              .isEqualTo("capstan.dev/security-policy-controller");
                          assertThat(e.getNote())
                              .startsWith("2 running pod(s) in the policy's scope")
                              .contains(namespace + "/priv-a");
                        }));

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
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(eventsAboutPolicy())
                    .extracting(e -> e.getType() + " " + e.getReason())
                    .containsExactlyInAnyOrder(
                        "Warning ViolatingPods", "Normal ViolationsResolved"));
  }

  private static List<Event> eventsAboutPolicy() {
    return client.events().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> e.getRegarding() != null && policy.equals(e.getRegarding().getName()))
        .filter(e -> PodSecurityPolicy.KIND.equals(e.getRegarding().getKind()))
        .toList();
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
