package dev.capstan.network.webhook;

import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.config.WebhookConfigurations;
import dev.capstan.core.admission.config.WebhookSpec;
import dev.capstan.core.admission.config.WebhookSpec.FailurePolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.util.EnumSet;

/**
 * The network controller's one webhook, as a path and as a configuration (pure). The chart renders
 * the same configuration (helm/capstan/templates/network-webhook.yaml); this one is applied only
 * when the controller manages it itself ({@link NetworkWebhookSettings#manage()}).
 *
 * <p>{@code lint.networkpolicies.network.capstan.dev}: networking.k8s.io/v1 NetworkPolicies
 * CREATE/UPDATE, never denies, {@code failurePolicy: Ignore} (a lint must never block a write),
 * {@code sideEffects: None}, a short timeout, the operator's namespace, {@code kube-system} and
 * {@code kube-node-lease} exempt.
 */
public final class NetworkWebhooks {

  public static final String LINT_PATH = "/validate/networkpolicies";
  public static final String LINT_WEBHOOK = "lint.networkpolicies.network.capstan.dev";
  public static final String LABEL_KEY = "app.kubernetes.io/managed-by";
  public static final String LABEL_VALUE = "capstan-network";

  private NetworkWebhooks() {}

  /** The configuration for a server reached at {@code baseUrl}, or through the Service. */
  public static ValidatingWebhookConfiguration validating(
      NetworkWebhookSettings settings, String baseUrl) {
    WebhookConfigurations.Builder builder =
        WebhookConfigurations.forOperator(settings.namespace()).label(LABEL_KEY, LABEL_VALUE);
    if (baseUrl != null) {
      builder.url(baseUrl);
    } else {
      builder.service(settings.namespace(), settings.serviceName(), 443);
    }
    return builder
        .build()
        .validating(
            settings.configurationName(),
            WebhookSpec.named(LINT_WEBHOOK)
                .path(LINT_PATH)
                .rule(
                    EnumSet.of(Operation.CREATE, Operation.UPDATE),
                    "networking.k8s.io",
                    "v1",
                    "networkpolicies")
                .failurePolicy(FailurePolicy.IGNORE)
                .timeoutSeconds(settings.timeoutSeconds())
                .build());
  }
}
