package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityWebhooksTest {

  static WebhookSettings settings(Optional<String> url, Optional<String> label) {
    return new WebhookSettings() {
      public boolean enabled() {
        return true;
      }

      public String host() {
        return "0.0.0.0";
      }

      public int port() {
        return 8443;
      }

      public String namespace() {
        return "capstan-system";
      }

      public Optional<String> service() {
        return Optional.empty();
      }

      public Optional<String> url() {
        return url;
      }

      public String configurationName() {
        return "capstan-security-policy-controller";
      }

      public boolean manage() {
        return true;
      }

      public Optional<String> namespaceLabel() {
        return label;
      }

      public int timeoutSeconds() {
        return 5;
      }

      public Duration authorizationBudget() {
        return Duration.ofSeconds(2);
      }

      public Duration shutdownDrain() {
        return Duration.ZERO;
      }

      public Tls tls() {
        return null;
      }
    };
  }

  @Test
  void mutatingWebhookDefaultsPodsOnCreateAndFailsOpen() {
    MutatingWebhook webhook =
        SecurityWebhooks.mutating(settings(Optional.empty(), Optional.empty()), null)
            .getWebhooks()
            .get(0);

    assertThat(webhook.getName()).isEqualTo("mutate.pods.security.capstan.dev");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOperations()).containsExactly("CREATE");
              assertThat(r.getResources()).containsExactly("pods");
            });
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getClientConfig().getService().getName())
        .isEqualTo("capstan-security-policy-controller-webhook");
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate/pods");
  }

  @Test
  void validatingWebhookCoversUpdatesAndEphemeralContainersAndFailsClosed() {
    ValidatingWebhook webhook =
        SecurityWebhooks.validating(
                settings(Optional.empty(), Optional.empty()), "https://127.0.0.1:8443")
            .getWebhooks()
            .get(0);

    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
              assertThat(r.getResources()).containsExactly("pods", "pods/ephemeralcontainers");
            });
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    ValidatingWebhook workloads =
        SecurityWebhooks.validating(settings(Optional.empty(), Optional.empty()), null)
            .getWebhooks()
            .get(1);
    assertThat(workloads.getName()).isEqualTo("validate.workloads.security.capstan.dev");
    assertThat(workloads.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(workloads.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("workloads.capstan.dev");
              assertThat(r.getApiVersions()).containsExactly("v1alpha1");
              // not applications/status: status writes never reach the webhook
              assertThat(r.getResources()).containsExactly("applications");
              assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
            });
    assertThat(workloads.getClientConfig().getService().getPath()).isEqualTo("/validate/workloads");
    assertThat(webhook.getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:8443/validate/pods");
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getOperator()).isEqualTo("NotIn");
              assertThat(e.getValues())
                  .containsExactlyInAnyOrder("capstan-system", "kube-system", "kube-node-lease");
            });
  }

  @Test
  void optInLabelNarrowsTheScopeAndKeepsTheExemptions() {
    ValidatingWebhook withKey =
        SecurityWebhooks.validating(settings(Optional.empty(), Optional.of("rollout")), null)
            .getWebhooks()
            .get(0);
    ValidatingWebhook withValue =
        SecurityWebhooks.validating(settings(Optional.empty(), Optional.of("security=on")), null)
            .getWebhooks()
            .get(0);

    assertThat(withKey.getNamespaceSelector().getMatchExpressions())
        .extracting(LabelSelectorRequirement::getOperator)
        .containsExactly("Exists", "NotIn");
    assertThat(withValue.getNamespaceSelector().getMatchLabels()).containsEntry("security", "on");
    assertThat(withValue.getNamespaceSelector().getMatchExpressions())
        .extracting(LabelSelectorRequirement::getOperator)
        .containsExactly("NotIn");
  }
}
