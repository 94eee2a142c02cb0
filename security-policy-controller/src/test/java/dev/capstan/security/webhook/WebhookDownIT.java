package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The security controller's configurations with nothing serving them (the controller is down): pods
 * in ordinary namespaces are refused (failurePolicy Fail on validation), but kube-system,
 * kube-node-lease and the operator's own namespace stay writable, so a broken webhook cannot lock
 * the cluster or keep the controller from being restarted; workloads (advisory webhook, Ignore) are
 * still admitted.
 */
@CapstanCluster
class WebhookDownIT {

  private static final String NOWHERE = "https://127.0.0.1:1";
  private static final String CONFIGURATION = "capstan-security-down-it";

  @Test
  void aDownWebhookLocksNeitherTheSystemNorTheOperatorsNamespace(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    String operatorNamespace = TestNamespaces.uniqueName("security-down-operator");
    TestNamespaces.create(client, operatorNamespace);
    WebhookSettings settings = new Settings(operatorNamespace);
    try {
      client.resource(SecurityWebhooks.validating(settings, NOWHERE)).serverSideApply();
      client.resource(SecurityWebhooks.mutating(settings, NOWHERE)).serverSideApply();

      // Webhook configurations reach the apiserver's admission chain asynchronously.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> dryRunPod(client, cluster.namespace()))
                      .isInstanceOf(KubernetesClientException.class)
                      .hasMessageContaining(SecurityWebhooks.VALIDATING_WEBHOOK));

      assertThat(dryRunPod(client, "kube-system")).isNotNull();
      assertThat(dryRunPod(client, "kube-node-lease")).isNotNull();
      assertThat(dryRunPod(client, operatorNamespace)).isNotNull();
      assertThat(dryRunDeployment(client, cluster.namespace()))
          .as("the workload webhook only advises, so it fails open")
          .isNotNull();
    } finally {
      // No fail-closed webhook may outlive this test on the shared cluster.
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(CONFIGURATION)
          .delete();
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .withName(CONFIGURATION)
          .delete();
      TestNamespaces.deleteAndAwait(client, operatorNamespace);
    }
  }

  private static Pod dryRunPod(KubernetesClient client, String namespace) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("probe")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("registry.example/probe:1")
                .endContainer()
                .endSpec()
                .build())
        .dryRun()
        .create();
  }

  private static Deployment dryRunDeployment(KubernetesClient client, String namespace) {
    Map<String, String> labels = Map.of("app", "probe");
    return client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("probe")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("registry.example/probe:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .dryRun()
        .create();
  }

  /** The unit tests' settings, with this test's operator namespace and configuration name. */
  private record Settings(String operatorNamespace) implements WebhookSettings {
    private static final WebhookSettings BASE =
        SecurityWebhooksTest.settings(Optional.of(NOWHERE), Optional.empty());

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public String host() {
      return BASE.host();
    }

    @Override
    public int port() {
      return BASE.port();
    }

    @Override
    public String namespace() {
      return operatorNamespace;
    }

    @Override
    public Optional<String> service() {
      return Optional.empty();
    }

    @Override
    public Optional<String> url() {
      return Optional.of(NOWHERE);
    }

    @Override
    public String configurationName() {
      return CONFIGURATION;
    }

    @Override
    public boolean manage() {
      return true;
    }

    @Override
    public Optional<String> namespaceLabel() {
      return Optional.empty();
    }

    @Override
    public int timeoutSeconds() {
      return 2;
    }

    @Override
    public Duration authorizationBudget() {
      return BASE.authorizationBudget();
    }

    @Override
    public Duration shutdownDrain() {
      return Duration.ZERO;
    }

    @Override
    public Tls tls() {
      return null;
    }
  }
}
