package dev.capstan.core.admission.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.config.WebhookSpec;
import dev.capstan.core.admission.config.WebhookSpec.FailurePolicy;
import dev.capstan.core.admission.tls.RotationPolicy;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webhook with {@code failurePolicy: Fail} whose server is down refuses objects where it applies,
 * but the operator's own namespace and kube-system stay writable: the builder exempts them even
 * though this webhook's own selector names them explicitly.
 */
@CapstanCluster
class WebhookFailurePolicyIT {

  private static final String DENIAL = "everything is refused by the capstan IT webhook";

  @Test
  void exemptNamespacesStayWritableWhenTheWebhookIsDown(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    String testNamespace = cluster.namespace();
    String operatorNamespace = TestNamespaces.uniqueName("capstan-operator");
    TestNamespaces.create(client, operatorNamespace);
    String kubeSystemName = WebhookTestBed.unique("capstan-it-exempt");
    AdmissionHandler refuseAll =
        AdmissionHandler.builder()
            .validating(
                WebhookTestBed.VALIDATE_PATH, ConfigMap.class, request -> Decision.deny(DENIAL))
            .build();
    try (WebhookTestBed bed =
        new WebhookTestBed(
            client,
            testNamespace,
            refuseAll,
            RotationPolicy.defaults(),
            Duration.ofMinutes(10),
            false)) {
      bed.start();
      // The selector names the operator namespace and kube-system on purpose; only the builder's
      // exemption keeps the webhook away from them.
      ValidatingWebhookConfiguration configuration =
          bed.configurations(operatorNamespace)
              .validating(
                  bed.configurationName,
                  WebhookSpec.named("fail-closed.it.capstan.dev")
                      .path(WebhookTestBed.VALIDATE_PATH)
                      .rule(EnumSet.of(Operation.CREATE), "", "v1", "configmaps")
                      .failurePolicy(FailurePolicy.FAIL)
                      .timeoutSeconds(5)
                      .namespaceSelector(
                          WebhookTestBed.onlyIn(
                              List.of(testNamespace, operatorNamespace, "kube-system")))
                      .build());
      List<LabelSelectorRequirement> expressions =
          configuration.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions();
      assertThat(expressions)
          .extracting(LabelSelectorRequirement::getOperator)
          .containsExactly("In", "NotIn");
      assertThat(expressions.get(1).getValues()).contains(operatorNamespace, "kube-system");
      bed.create(configuration);
      bed.certificates.reconcile();

      // Server up: the test namespace is refused by the webhook, the exempt ones are not asked.
      WebhookTestBed.awaitEffective(
          () ->
              assertThatThrownBy(
                      () -> create(client, testNamespace, WebhookTestBed.unique("probe")))
                  .hasMessageContaining(DENIAL));
      assertThat(create(client, operatorNamespace, "while-up")).isNotNull();

      // Server down: fail closed where the webhook applies, exempt namespaces still writable.
      bed.server.close();
      assertThatThrownBy(() -> create(client, testNamespace, "while-down"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("failed calling webhook \"fail-closed.it.capstan.dev\"")
                      .doesNotContain(DENIAL));
      assertThat(create(client, "kube-system", kubeSystemName).getMetadata().getNamespace())
          .isEqualTo("kube-system");
      assertThat(create(client, operatorNamespace, "while-down").getMetadata().getNamespace())
          .isEqualTo(operatorNamespace);
      assertThat(client.configMaps().inNamespace(testNamespace).withName("while-down").get())
          .isNull();
    } finally {
      client.configMaps().inNamespace("kube-system").withName(kubeSystemName).delete();
      client.namespaces().withName(operatorNamespace).delete();
    }
  }

  private static ConfigMap create(KubernetesClient client, String namespace, String name) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .resource(WebhookTestBed.configMap(name, Map.of("k", "v")))
        .create();
  }
}
