package dev.capstan.core.admission.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Mutation;
import dev.capstan.core.admission.tls.CertificateManager;
import dev.capstan.core.admission.tls.RotationPolicy;
import dev.capstan.core.admission.tls.ServingIdentity;
import dev.capstan.core.admission.tls.TlsSecret;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kube-apiserver calls our webhooks over TLS at https://127.0.0.1:port, trusting the CA
 * bundle our certificate manager injected: the validating webhook's denial and warnings reach the
 * client, the mutating webhook's JSON Patch is applied.
 */
@CapstanCluster
class WebhookRoundTripIT {

  static final String DENIAL = "configmap key 'forbidden' is not allowed by the capstan IT webhook";
  static final String WARNING = "key 'deprecated' will be refused in a future release";
  static final String MUTATED_LABEL = "capstan.dev/mutated-by";

  private static WebhookTestBed bed;

  @BeforeAll
  static void startWebhooks(ClusterContext cluster) {
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(
                WebhookTestBed.VALIDATE_PATH,
                ConfigMap.class,
                request -> {
                  Map<String, String> data = request.object().getData();
                  if (data != null && data.containsKey("forbidden")) {
                    return Decision.deny(DENIAL + (request.dryRun() ? " (dry run)" : ""));
                  }
                  if (data != null && data.containsKey("deprecated")) {
                    return Decision.allow().withWarning(WARNING);
                  }
                  return Decision.allow();
                })
            .mutating(
                WebhookTestBed.MUTATE_PATH,
                ConfigMap.class,
                request -> {
                  ConfigMap cm = request.object();
                  Map<String, String> labels = new LinkedHashMap<>();
                  if (cm.getMetadata().getLabels() != null) {
                    labels.putAll(cm.getMetadata().getLabels());
                  }
                  labels.put(MUTATED_LABEL, "capstan-it");
                  cm.getMetadata().setLabels(labels);
                  return Mutation.patch(cm);
                })
            .build();
    bed =
        new WebhookTestBed(
                cluster.client(),
                cluster.namespace(),
                handler,
                RotationPolicy.defaults(),
                Duration.ofMinutes(10),
                true)
            .start();
    List<String> scope = List.of(cluster.namespace());
    var configurations = bed.configurations("capstan-operator-not-this-one");
    // Created without a CA bundle: the certificate manager injects it.
    bed.create(
        configurations.validating(
            bed.configurationName,
            WebhookTestBed.spec("validate", WebhookTestBed.VALIDATE_PATH, scope)));
    bed.create(
        configurations.mutating(
            bed.configurationName,
            WebhookTestBed.spec("mutate", WebhookTestBed.MUTATE_PATH, scope)));
    bed.certificates.reconcile();
    WebhookTestBed.awaitEffective(
        () ->
            assertThat(
                    cluster
                        .client()
                        .configMaps()
                        .resource(
                            WebhookTestBed.configMap(WebhookTestBed.unique("probe"), Map.of()))
                        .create()
                        .getMetadata()
                        .getLabels())
                .containsKey(MUTATED_LABEL));
  }

  @AfterAll
  static void stopWebhooks() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void validatingWebhookDeniesAndTheClientSeesOurMessage(KubernetesClient client) {
    ConfigMap forbidden = WebhookTestBed.configMap("forbidden", Map.of("forbidden", "x"));

    assertThatThrownBy(() -> client.configMaps().resource(forbidden).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("admission webhook \"validate.it.capstan.dev\" denied the request")
                  .contains(DENIAL)
                  .doesNotContain("(dry run)");
            });
    assertThat(client.configMaps().withName("forbidden").get()).isNull();
  }

  @Test
  void dryRunRequestsReachTheWebhookAsDryRun(KubernetesClient client) {
    ConfigMap forbidden = WebhookTestBed.configMap("forbidden-dry", Map.of("forbidden", "x"));

    assertThatThrownBy(() -> client.configMaps().resource(forbidden).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(DENIAL + " (dry run)");
  }

  @Test
  void mutatingWebhookPatchIsApplied(KubernetesClient client) {
    ConfigMap created =
        client
            .configMaps()
            .resource(WebhookTestBed.configMap("mutated", Map.of("a", "b")))
            .create();

    assertThat(created.getMetadata().getLabels()).containsEntry(MUTATED_LABEL, "capstan-it");
    assertThat(client.configMaps().withName("mutated").get().getMetadata().getLabels())
        .containsEntry(MUTATED_LABEL, "capstan-it");
    assertThat(created.getData()).containsEntry("a", "b");
  }

  @Test
  void warningsReachTheClient(KubernetesClient client) throws Exception {
    String body =
        client
            .getKubernetesSerialization()
            .asJson(WebhookTestBed.configMap("warned", Map.of("deprecated", "1")));
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(
                client.getMasterUrl().toString().replaceAll("/$", "")
                    + "/api/v1/namespaces/"
                    + bed.namespace
                    + "/configmaps")
            .post("application/json", body.getBytes(StandardCharsets.UTF_8))
            .build();

    HttpResponse<String> response =
        client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);

    assertThat(response.code()).isEqualTo(201);
    assertThat(response.headers("Warning")).anySatisfy(w -> assertThat(w).contains(WARNING));
  }

  @Test
  void caBundleIsInjectedFromTheSecretAndRewrittenOnlyWhenItDiffers(KubernetesClient client) {
    Secret secret = client.secrets().inNamespace(bed.namespace).withName("webhook-tls").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
    String caCrt = secret.getData().get(TlsSecret.CA_CRT);
    assertThat(new String(Base64.getDecoder().decode(caCrt), StandardCharsets.UTF_8))
        .isEqualTo(bed.certificates.current().caBundlePem());
    assertThat(bed.validatingConfiguration().getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(caCrt));
    assertThat(bed.mutatingConfiguration().getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(caCrt));

    String validatingVersion = bed.validatingConfiguration().getMetadata().getResourceVersion();
    String mutatingVersion = bed.mutatingConfiguration().getMetadata().getResourceVersion();
    String secretVersion = secret.getMetadata().getResourceVersion();

    bed.certificates.reconcile();

    assertThat(bed.validatingConfiguration().getMetadata().getResourceVersion())
        .isEqualTo(validatingVersion);
    assertThat(bed.mutatingConfiguration().getMetadata().getResourceVersion())
        .isEqualTo(mutatingVersion);
    assertThat(
            client
                .secrets()
                .inNamespace(bed.namespace)
                .withName("webhook-tls")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(secretVersion);
  }

  @Test
  void aStoppedAndRestartedManagerReusesTheStoredCertificates(ClusterContext cluster) {
    var again =
        CertificateManager.builder(cluster.client())
            .secret(bed.namespace, "webhook-tls")
            .identity(ServingIdentity.forIpAddresses("127.0.0.1"))
            .build();
    try (again) {
      again.start();
      assertThat(again.current().serving().leaf())
          .isEqualTo(bed.certificates.current().serving().leaf());
      assertThat(again.current().signer().certificate())
          .isEqualTo(bed.certificates.current().signer().certificate());
    }
  }
}
