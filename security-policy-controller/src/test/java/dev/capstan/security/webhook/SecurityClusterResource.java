package dev.capstan.security.webhook;

import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The real cluster plus the operator's own namespace, which must exist before the application
 * starts (the certificate Secret lives there). It carries the opt-in label the test webhooks select
 * on, so only the built-in exemption keeps the webhooks away from it.
 */
public class SecurityClusterResource extends LocalClusterTestResource {

  static final String OPERATOR_NAMESPACE = "capstan-security-it-operator";
  static final String OPT_IN_LABEL = "security.capstan.dev/it";
  static final String CONFIGURATION = "capstan-security-it";

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
                  .addToLabels(OPT_IN_LABEL, "true")
                  .addToLabels("capstan.dev/test", "true")
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    config.put("capstan.security.webhook.namespace", OPERATOR_NAMESPACE);
    config.put("capstan.security.webhook.namespace-label", OPT_IN_LABEL);
    config.put("capstan.security.webhook.configuration-name", CONFIGURATION);
    config.put("capstan.security.webhook.url", "auto");
    config.put("capstan.security.webhook.port", "0");
    config.put("capstan.security.webhook.manage", "true");
    return config;
  }

  @Override
  public void stop() {
    // No fail-closed webhook may outlive its server on the shared cluster.
    try (KubernetesClient client = SharedCluster.get().newClient()) {
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
    }
  }
}
