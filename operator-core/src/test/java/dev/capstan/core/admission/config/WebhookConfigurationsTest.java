package dev.capstan.core.admission.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.config.WebhookSpec.FailurePolicy;
import dev.capstan.core.admission.config.WebhookSpec.ReinvocationPolicy;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookConfigurationsTest {

  private static final WebhookSpec PODS =
      WebhookSpec.named("pods.security.capstan.dev")
          .path("/validate/pods")
          .rule(
              EnumSet.of(Operation.UPDATE, Operation.CREATE),
              "",
              "v1",
              "pods",
              "pods/ephemeralcontainers")
          .build();

  private final WebhookConfigurations inCluster =
      WebhookConfigurations.forOperator("capstan-system")
          .service("capstan-system", "capstan-webhooks", 443)
          .caBundle("-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n")
          .label("app.kubernetes.io/part-of", "capstan")
          .build();

  @Test
  void validatingWebhookHasEverySafetySettingExplicitly() {
    ValidatingWebhook webhook = inCluster.validating("capstan-security", PODS).getWebhooks().get(0);

    assertThat(webhook.getName()).isEqualTo("pods.security.capstan.dev");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(webhook.getRules().get(0).getOperations()).containsExactly("CREATE", "UPDATE");
    assertThat(webhook.getRules().get(0).getResources())
        .containsExactly("pods", "pods/ephemeralcontainers");
    assertThat(exemption(webhook.getNamespaceSelector()).getValues())
        .containsExactly("capstan-system", "kube-node-lease", "kube-system");
    assertThat(exemption(webhook.getNamespaceSelector()).getOperator()).isEqualTo("NotIn");
  }

  @Test
  void mutatingWebhookAlsoSetsReinvocationPolicy() {
    WebhookSpec spec =
        WebhookSpec.named("defaults.security.capstan.dev")
            .path("/mutate/pods")
            .rule(EnumSet.of(Operation.CREATE), "", "v1", "pods")
            .failurePolicy(FailurePolicy.IGNORE)
            .timeoutSeconds(3)
            .reinvocationPolicy(ReinvocationPolicy.NEVER)
            .build();

    MutatingWebhook webhook = inCluster.mutating("capstan-defaults", spec).getWebhooks().get(0);

    assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(3);
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(exemption(webhook.getNamespaceSelector()).getValues())
        .contains("capstan-system", "kube-system");
  }

  @Test
  void reinvocationDefaultsToIfNeeded() {
    MutatingWebhook webhook =
        inCluster
            .mutating(
                "m",
                WebhookSpec.named("a.b.c")
                    .path("/m")
                    .rule(EnumSet.of(Operation.CREATE), "", "v1", "pods")
                    .build())
            .getWebhooks()
            .get(0);
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
  }

  @Test
  void userSelectorIsKeptAndTheExemptionAddedNeverReplaced() {
    LabelSelector mine =
        new LabelSelectorBuilder()
            .addToMatchLabels("team", "a")
            .addNewMatchExpression()
            .withKey("kubernetes.io/metadata.name")
            .withOperator("In")
            .withValues("kube-system", "team-a")
            .endMatchExpression()
            .build();
    WebhookSpec spec =
        WebhookSpec.named("scoped.capstan.dev.test")
            .path("/v")
            .rule(EnumSet.of(Operation.CREATE), "", "v1", "configmaps")
            .namespaceSelector(mine)
            .build();

    LabelSelector selector =
        inCluster.validating("c", spec).getWebhooks().get(0).getNamespaceSelector();

    assertThat(selector.getMatchLabels()).containsEntry("team", "a");
    assertThat(selector.getMatchExpressions()).hasSize(2);
    assertThat(selector.getMatchExpressions().get(0).getOperator()).isEqualTo("In");
    assertThat(exemption(selector).getValues()).contains("kube-system", "capstan-system");
    assertThat(mine.getMatchExpressions()).hasSize(1);
  }

  @Test
  void moreExemptionsCanBeAddedButTheDefaultsStay() {
    WebhookConfigurations configurations =
        WebhookConfigurations.forOperator("ops")
            .url("https://127.0.0.1:8443")
            .exemptNamespaces("monitoring")
            .build();
    assertThat(configurations.exemptNamespaces())
        .containsExactly("kube-node-lease", "kube-system", "monitoring", "ops");
  }

  @Test
  void serviceClientConfigCarriesPathPortAndBase64Bundle() {
    var config = inCluster.validating("c", PODS).getWebhooks().get(0).getClientConfig();

    assertThat(config.getUrl()).isNull();
    assertThat(config.getService().getNamespace()).isEqualTo("capstan-system");
    assertThat(config.getService().getName()).isEqualTo("capstan-webhooks");
    assertThat(config.getService().getPort()).isEqualTo(443);
    assertThat(config.getService().getPath()).isEqualTo("/validate/pods");
    assertThat(new String(Base64.getDecoder().decode(config.getCaBundle()), StandardCharsets.UTF_8))
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void urlClientConfigForLocalMode() {
    WebhookConfigurations local =
        WebhookConfigurations.forOperator("ops").url("https://127.0.0.1:9443/").build();

    var config = local.validating("c", PODS).getWebhooks().get(0).getClientConfig();

    assertThat(config.getUrl()).isEqualTo("https://127.0.0.1:9443/validate/pods");
    assertThat(config.getService()).isNull();
    assertThat(config.getCaBundle()).isNull();
    assertThatThrownBy(() -> WebhookConfigurations.forOperator("ops").url("http://127.0.0.1:1"))
        .hasMessageContaining("https");
  }

  @Test
  void certManagerModeAnnotatesForCaInjection() {
    var configuration =
        WebhookConfigurations.forOperator("ops")
            .service("ops", "hooks", 443)
            .certManagerInjectCaFrom("ops", "hooks-cert")
            .build()
            .validating("c", PODS);
    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "ops/hooks-cert");
  }

  @Test
  void configurationMetadataAndAllWebhooks() {
    WebhookSpec second =
        WebhookSpec.named("configmaps.security.capstan.dev")
            .path("/validate/configmaps")
            .rule(EnumSet.of(Operation.CREATE), "", "v1", "configmaps")
            .matchCondition("not-kube-admin", "request.userInfo.username != 'kube-admin'")
            .build();

    var configuration = inCluster.validating("capstan-security", PODS, second);

    assertThat(configuration.getMetadata().getName()).isEqualTo("capstan-security");
    assertThat(configuration.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "capstan");
    assertThat(configuration.getWebhooks())
        .extracting(ValidatingWebhook::getName)
        .containsExactly("pods.security.capstan.dev", "configmaps.security.capstan.dev");
    assertThat(configuration.getWebhooks().get(1).getMatchConditions().get(0).getExpression())
        .isEqualTo("request.userInfo.username != 'kube-admin'");
    assertThat(configuration.getWebhooks())
        .allSatisfy(w -> assertThat(exemption(w.getNamespaceSelector())).isNotNull());
  }

  @Test
  void specRejectsUnsafeOrInvalidValues() {
    var base =
        WebhookSpec.named("a.b.c").path("/p").rule(EnumSet.of(Operation.CREATE), "", "v1", "pods");
    assertThatThrownBy(() -> base.timeoutSeconds(0).build()).hasMessageContaining("1..30");
    assertThatThrownBy(() -> base.timeoutSeconds(31).build()).hasMessageContaining("1..30");
    assertThatThrownBy(
            () ->
                WebhookSpec.named("short.name")
                    .path("/p")
                    .rule(EnumSet.of(Operation.CREATE), "", "v1", "pods")
                    .build())
        .hasMessageContaining("fully qualified");
    assertThatThrownBy(() -> WebhookSpec.named("a.b.c").path("/p").build())
        .hasMessageContaining("no rules");
    assertThatThrownBy(() -> WebhookConfigurations.forOperator("ops").build())
        .hasMessageContaining("service");
    assertThatThrownBy(() -> WebhookConfigurations.forOperator(" "))
        .hasMessageContaining("required");
  }

  private static LabelSelectorRequirement exemption(LabelSelector selector) {
    List<LabelSelectorRequirement> matches =
        selector.getMatchExpressions().stream()
            .filter(
                e ->
                    e.getKey().equals("kubernetes.io/metadata.name")
                        && e.getOperator().equals("NotIn"))
            .toList();
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }
}
