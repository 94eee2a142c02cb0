package dev.capstan.core.admission.it;

import static org.awaitility.Awaitility.await;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.config.WebhookConfigurations;
import dev.capstan.core.admission.config.WebhookSpec;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateManager;
import dev.capstan.core.admission.tls.RotationPolicy;
import dev.capstan.core.admission.tls.ServingIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the admission ITs share: a certificate manager keeping its Secret in the test namespace, a
 * webhook server on 127.0.0.1 with an ephemeral port, and webhook configurations that call it by
 * URL and only ever match ConfigMaps in namespaces the test names. Everything is removed on {@link
 * #close()}, the configurations first, so no other test on the cluster is affected.
 */
final class WebhookTestBed implements AutoCloseable {

  static final String VALIDATE_PATH = "/validate/configmaps";
  static final String MUTATE_PATH = "/mutate/configmaps";

  final KubernetesClient client;
  final String namespace;
  final String configurationName;
  final CertificateManager certificates;
  WebhookServer server;
  private final AdmissionHandler handler;

  WebhookTestBed(
      KubernetesClient client,
      String namespace,
      AdmissionHandler handler,
      RotationPolicy policy,
      Duration checkInterval,
      boolean withMutatingConfiguration) {
    this.client = client;
    this.namespace = namespace;
    this.handler = handler;
    this.configurationName = "capstan-it-" + namespace;
    CertificateManager.Builder builder =
        CertificateManager.builder(client)
            .secret(namespace, "webhook-tls")
            .secretLabel("app.kubernetes.io/managed-by", "capstan-it")
            .identity(ServingIdentity.forIpAddresses("127.0.0.1"))
            .policy(policy)
            .checkInterval(checkInterval)
            .validatingWebhookConfigurations(configurationName);
    if (withMutatingConfiguration) {
      builder.mutatingWebhookConfigurations(configurationName);
    }
    this.certificates = builder.build();
  }

  /** Issues or reuses the certificates and starts the server with them. */
  WebhookTestBed start() {
    certificates.start();
    server =
        WebhookServer.start(
            handler,
            certificates.current().serving(),
            WebhookServerOptions.builder().host("127.0.0.1").port(0).instances(2).build());
    certificates.onServingCertificate(server::updateCertificate);
    return this;
  }

  /** ConfigMap webhooks (CREATE and UPDATE) that call this server, for the given namespaces. */
  WebhookConfigurations configurations(String operatorNamespace) {
    return WebhookConfigurations.forOperator(operatorNamespace)
        .url("https://127.0.0.1:" + server.port())
        .label("capstan.dev/test", "true")
        .build();
  }

  static WebhookSpec spec(String prefix, String path, List<String> namespaces) {
    return WebhookSpec.named(prefix + ".it.capstan.dev")
        .path(path)
        .rule(EnumSet.of(Operation.CREATE, Operation.UPDATE), "", "v1", "configmaps")
        .timeoutSeconds(10)
        .namespaceSelector(onlyIn(namespaces))
        .build();
  }

  static LabelSelector onlyIn(List<String> namespaces) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(WebhookConfigurations.NAMESPACE_NAME_LABEL)
        .withOperator("In")
        .withValues(namespaces)
        .endMatchExpression()
        .build();
  }

  void create(ValidatingWebhookConfiguration configuration) {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(configuration)
        .create();
  }

  void create(MutatingWebhookConfiguration configuration) {
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(configuration)
        .create();
  }

  ValidatingWebhookConfiguration validatingConfiguration() {
    return client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(configurationName)
        .get();
  }

  MutatingWebhookConfiguration mutatingConfiguration() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(configurationName)
        .get();
  }

  static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Waits until the apiserver calls the webhook (it learns about configurations by a watch). */
  static void awaitEffective(Runnable probeThatFailsUntilEffective) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(probeThatFailsUntilEffective::run);
  }

  @Override
  public void close() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(configurationName)
        .delete();
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(configurationName)
        .delete();
    certificates.close();
    if (server != null) {
      server.close();
    }
  }
}
