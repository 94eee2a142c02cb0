package dev.capstan.network.webhook;

import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The real cluster plus the operator's own namespace, which must exist before the application
 * starts (the certificate Secret lives there), and the lint webhook switched on: served at
 * https://127.0.0.1:port (a free port), its configuration applied by the controller itself.
 */
public class NetworkWebhookClusterResource extends LocalClusterTestResource {

  static final String OPERATOR_NAMESPACE = "capstan-network-it-operator";
  static final String CONFIGURATION = "capstan-network-lint-it";

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    try (KubernetesClient client = SharedCluster.get().newClient()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(OPERATOR_NAMESPACE)
                  .addToLabels("capstan.dev/test", "true")
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    config.put("capstan.network.webhook.enabled", "true");
    config.put("capstan.network.webhook.namespace", OPERATOR_NAMESPACE);
    config.put("capstan.network.webhook.configuration-name", CONFIGURATION);
    config.put("capstan.network.webhook.url", "auto");
    config.put("capstan.network.webhook.port", "0");
    config.put("capstan.network.webhook.manage", "true");
    return config;
  }

  @Override
  public void stop() {
    // The configuration must not outlive its server on the shared cluster.
    try (KubernetesClient client = SharedCluster.get().newClient()) {
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(CONFIGURATION)
          .delete();
    }
  }
}
