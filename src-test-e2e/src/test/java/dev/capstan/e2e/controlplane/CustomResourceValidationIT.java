package dev.capstan.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ProjectLayout;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs install on a real apiserver, which then enforces their OpenAPI schema and CEL
 * rules with the messages we wrote.
 */
@CapstanCluster
class CustomResourceValidationIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) throws IOException {
    try (Stream<Path> files = Files.list(ProjectLayout.crds())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      client
                          .apiextensions()
                          .v1()
                          .customResourceDefinitions()
                          .withName(crd.getMetadata().getName())
                          .get()
                          .getStatus()
                          .getConditions()
                          .stream()
                          .anyMatch(
                              c ->
                                  "Established".equals(c.getType())
                                      && "True".equals(c.getStatus())));
        }
      }
    }
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
