package dev.capstan.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs install on a real apiserver, which then enforces their OpenAPI schema and CEL
 * rules with the messages we wrote.
 */
@CapstanCluster
class CustomResourceValidationIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    Crds.installAll(client);
  }

  @Test
  void celRuleRejectsDuplicateContainerNamesWithItsMessage(KubernetesClient client) {
    String yaml =
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: twins}
        spec:
          containers:
          - {name: app, image: registry.example/a:1}
          - {name: app, image: registry.example/b:1}
        """;

    assertThatThrownBy(() -> client.resource(yaml).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining("spec.containers: every container needs a unique name");
  }

  @Test
  void schemaRejectsNegativeReplicasAndMissingContainers(KubernetesClient client) {
    String negative =
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: negative}
        spec:
          replicas: -1
          containers: [{name: app, image: registry.example/a:1}]
        """;
    assertThatThrownBy(() -> client.resource(negative).create())
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining("should be greater than or equal to 0");

    String empty =
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: empty}
        spec: {}
        """;
    assertThatThrownBy(() -> client.resource(empty).create())
        .hasMessageContaining("spec.containers: Required value");
  }

  @Test
  void validApplicationIsAcceptedWithDefaults(KubernetesClient client) {
    String yaml =
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: valid}
        spec:
          containers: [{name: app, image: registry.example/a:1, ports: [{containerPort: 8080}]}]
        """;
    client.resource(yaml).create();

    Application stored = client.resources(Application.class).withName("valid").get();
    assertThat(stored.getSpec().getWorkload().name()).as("schema default").isEqualTo("Deployment");
    assertThat(stored.getSpec().getContainers().get(0).getPorts().get(0).getProtocol().name())
        .isEqualTo("TCP");
  }
}
