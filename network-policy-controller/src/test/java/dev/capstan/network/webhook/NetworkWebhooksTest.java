package dev.capstan.network.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkWebhooksTest {

  static NetworkWebhookSettings settings() {
    return new NetworkWebhookSettings() {
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
        return Optional.empty();
      }

      public String configurationName() {
        return "capstan-network-policy-controller";
      }

      public boolean manage() {
        return true;
      }

      public int timeoutSeconds() {
        return 2;
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
  void theLintWebhookSeesNetworkPolicyWritesNeverBlocksThemAndExemptsSystemNamespaces() {
    var configuration = NetworkWebhooks.validating(settings(), null);
    ValidatingWebhook webhook = configuration.getWebhooks().get(0);

    assertThat(configuration.getMetadata().getName())
        .isEqualTo("capstan-network-policy-controller");
    assertThat(webhook.getName()).isEqualTo("lint.networkpolicies.network.capstan.dev");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
              assertThat(r.getApiGroups()).containsExactly("networking.k8s.io");
              assertThat(r.getApiVersions()).containsExactly("v1");
              assertThat(r.getResources()).containsExactly("networkpolicies");
            });
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(2);
    assertThat(webhook.getClientConfig().getService().getName())
        .isEqualTo("capstan-network-policy-controller-webhook");
    assertThat(webhook.getClientConfig().getService().getPath())
        .isEqualTo("/validate/networkpolicies");
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValues())
                    .containsExactly("capstan-system", "kube-node-lease", "kube-system"));
  }

  @Test
  void developmentModeCallsTheUrl() {
    ValidatingWebhook webhook =
        NetworkWebhooks.validating(settings(), "https://127.0.0.1:19444").getWebhooks().get(0);

    assertThat(webhook.getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:19444/validate/networkpolicies");
    assertThat(webhook.getClientConfig().getService()).isNull();
  }
}
