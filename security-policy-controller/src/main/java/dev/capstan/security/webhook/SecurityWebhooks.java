package dev.capstan.security.webhook;

import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.config.WebhookConfigurations;
import dev.capstan.core.admission.config.WebhookSpec;
import dev.capstan.core.admission.config.WebhookSpec.FailurePolicy;
import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.util.EnumSet;

/**
 * The webhooks the security controller serves, as paths and as configurations (pure). The chart
 * renders the same configurations (helm/capstan/templates/webhook.yaml); these are applied only
 * when the controller manages them itself ({@link WebhookSettings#manage()}).
 *
 * <ul>
 *   <li>{@code mutate.pods.security.capstan.dev}: pods CREATE, {@code failurePolicy: Ignore} — the
 *       validating webhook checks the final object anyway, so an unreachable defaulter costs only
 *       defaults, never security; {@code reinvocationPolicy: IfNeeded} so sidecars injected later
 *       get defaults too (defaulting is idempotent).
 *   <li>{@code validate.pods.security.capstan.dev}: pods CREATE/UPDATE and {@code
 *       pods/ephemeralcontainers} (a rule on {@code pods} does not match the sub-resource), {@code
 *       failurePolicy: Fail}.
 *   <li>{@code validate.workloads.security.capstan.dev}: Deployments, StatefulSets, DaemonSets,
 *       ReplicaSets, Jobs, CronJobs and Capstan's Applications (their rendered pod template),
 *       CREATE/UPDATE; warnings, or a denial where a policy sets {@code workloads: deny}; {@code
 *       failurePolicy: Ignore} (the pods are still checked when they are created).
 * </ul>
 *
 * Both: {@code timeoutSeconds} 5 by default, {@code sideEffects: None} (dry runs reach them),
 * {@code matchPolicy: Equivalent}, the operator's namespace, {@code kube-system} and {@code
 * kube-node-lease} exempt through the immutable {@code kubernetes.io/metadata.name} label.
 */
public final class SecurityWebhooks {

  public static final String MUTATE_PATH = "/mutate/pods";
  public static final String VALIDATE_PATH = "/validate/pods";
  public static final String MUTATING_WEBHOOK = "mutate.pods.security.capstan.dev";
  public static final String VALIDATING_WEBHOOK = "validate.pods.security.capstan.dev";
  public static final String WORKLOADS_PATH = "/validate/workloads";
  public static final String WORKLOADS_WEBHOOK = "validate.workloads.security.capstan.dev";
  public static final String LABEL_KEY = "app.kubernetes.io/managed-by";
  public static final String LABEL_VALUE = "capstan-security";

  private SecurityWebhooks() {}

  /** The two configurations for a server reached at {@code baseUrl}, or through the Service. */
  public static MutatingWebhookConfiguration mutating(WebhookSettings settings, String baseUrl) {
    return builder(settings, baseUrl)
        .mutating(
            settings.configurationName(),
            WebhookSpec.named(MUTATING_WEBHOOK)
                .path(MUTATE_PATH)
                .rule(EnumSet.of(Operation.CREATE), "", "v1", "pods")
                .failurePolicy(FailurePolicy.IGNORE)
                .timeoutSeconds(settings.timeoutSeconds())
                .namespaceSelector(selector(settings))
                .build());
  }

  public static ValidatingWebhookConfiguration validating(
      WebhookSettings settings, String baseUrl) {
    return builder(settings, baseUrl)
        .validating(
            settings.configurationName(),
            WebhookSpec.named(VALIDATING_WEBHOOK)
                .path(VALIDATE_PATH)
                .rule(
                    EnumSet.of(Operation.CREATE, Operation.UPDATE),
                    "",
                    "v1",
                    "pods",
                    "pods/ephemeralcontainers")
                .failurePolicy(FailurePolicy.FAIL)
                .timeoutSeconds(settings.timeoutSeconds())
                .namespaceSelector(selector(settings))
                .build(),
            WebhookSpec.named(WORKLOADS_WEBHOOK)
                .path(WORKLOADS_PATH)
                .rule(
                    EnumSet.of(Operation.CREATE, Operation.UPDATE),
                    "apps",
                    "v1",
                    "deployments",
                    "statefulsets",
                    "daemonsets",
                    "replicasets")
                .rule(
                    EnumSet.of(Operation.CREATE, Operation.UPDATE),
                    "batch",
                    "v1",
                    "jobs",
                    "cronjobs")
                // the pods the workload controller will render from it; applications/status is not
                // listed, so status writes never reach the webhook
                .rule(
                    EnumSet.of(Operation.CREATE, Operation.UPDATE),
                    Application.GROUP,
                    Application.VERSION,
                    Application.PLURAL)
                .failurePolicy(FailurePolicy.IGNORE)
                .timeoutSeconds(settings.timeoutSeconds())
                .namespaceSelector(selector(settings))
                .build());
  }

  private static WebhookConfigurations builder(WebhookSettings settings, String baseUrl) {
    WebhookConfigurations.Builder builder =
        WebhookConfigurations.forOperator(settings.namespace()).label(LABEL_KEY, LABEL_VALUE);
    if (baseUrl != null) {
      builder.url(baseUrl);
    } else {
      builder.service(settings.namespace(), settings.serviceName(), 443);
    }
    return builder.build();
  }

  /** The opt-in label of {@link WebhookSettings#namespaceLabel()}, or null. */
  static LabelSelector selector(WebhookSettings settings) {
    return settings
        .namespaceLabel()
        .filter(s -> !s.isBlank())
        .map(
            label -> {
              int eq = label.indexOf('=');
              LabelSelectorBuilder b = new LabelSelectorBuilder();
              if (eq < 0) {
                return b.addNewMatchExpression()
                    .withKey(label)
                    .withOperator("Exists")
                    .endMatchExpression()
                    .build();
              }
              return b.addToMatchLabels(label.substring(0, eq), label.substring(eq + 1)).build();
            })
        .orElse(null);
  }
}
