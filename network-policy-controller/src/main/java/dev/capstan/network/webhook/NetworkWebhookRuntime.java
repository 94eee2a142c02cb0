package dev.capstan.network.webhook;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.runtime.ServingWebhook;
import dev.capstan.network.apply.PolicyWriter;
import dev.capstan.network.lint.NetworkPolicyLinter;
import dev.capstan.network.runtime.NetworkSettings;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the NetworkPolicy lint webhook with the application and stops it with it: its cache, the
 * lint handler (warmed up) served by operator-core's {@link ServingWebhook} and, when {@link
 * NetworkWebhookSettings#manage()}, the webhook configuration. Every replica serves (no leader
 * election here), as in the security controller's {@code WebhookRuntime}.
 */
@Singleton
public class NetworkWebhookRuntime {

  private static final Logger LOGGER = LoggerFactory.getLogger(NetworkWebhookRuntime.class);

  private final KubernetesClient client;
  private final NetworkWebhookSettings settings;
  private final NetworkSettings network;
  private LintCache cache;
  private ServingWebhook webhook;

  public NetworkWebhookRuntime(
      KubernetesClient client, NetworkWebhookSettings settings, NetworkSettings network) {
    this.client = client;
    this.settings = settings;
    this.network = network;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.enabled()) {
      LOGGER.info("NetworkPolicy lint webhook disabled (capstan.network.webhook.enabled=false)");
      return;
    }
    ServingWebhook.Options options = servingOptions();
    cache = new LintCache(client).start(60);
    PolicyLintAdmission lint =
        new PolicyLintAdmission(cache, new NetworkPolicyLinter(network.podCidrs()));
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(NetworkWebhooks.LINT_PATH, NetworkPolicy.class, lint)
            .build();
    warmUp(handler);
    // Served off the event loop: a namespace the cache has not seen yet costs a GET.
    webhook = ServingWebhook.start(client, handler, options);
    if (settings.manage()) {
      applyConfiguration(webhook.caBundlePem());
    }
    LOGGER.info("NetworkPolicy lint webhook serving on port {}", webhook.port());
  }

  private ServingWebhook.Options servingOptions() {
    NetworkWebhookSettings.Tls tls = settings.tls();
    return ServingWebhook.Options.builder()
        .settingsPrefix("capstan.network.webhook")
        .host(settings.host())
        .port(settings.port())
        .service(settings.namespace(), settings.serviceName())
        .url(settings.url().orElse(null))
        .tlsMode(tls.mode())
        .mountedDirectory(tls.mountedDirectory())
        .selfManaged(
            tls.secret().orElse(settings.configurationName() + "-webhook-tls"),
            NetworkWebhooks.LABEL_KEY,
            NetworkWebhooks.LABEL_VALUE,
            "capstan-network-webhook-ca")
        .checkInterval(tls.checkInterval())
        .validatingConfigurations(settings.configurationName())
        .shutdownDrain(settings.shutdownDrain())
        .build();
  }

  /**
   * Decodes, decides and encodes one review in process before serving: the first review of a cold
   * JVM took over 2 s here (class loading), longer than the webhook's timeout, so the first writes
   * after a start would pass unlinted.
   */
  private void warmUp(AdmissionHandler handler) {
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"warm-up",
         "operation":"CREATE","namespace":"%s","object":{"apiVersion":"networking.k8s.io/v1",
         "kind":"NetworkPolicy","metadata":{"name":"warm-up","namespace":"%s"},
         "spec":{"podSelector":{},"policyTypes":["Egress"]}}}}
        """
            .formatted(settings.namespace(), settings.namespace());
    handler.handle(NetworkWebhooks.LINT_PATH, review.getBytes(StandardCharsets.UTF_8));
  }

  /** The base URL the configuration names, or null for the Service. */
  String baseUrl() {
    return webhook == null ? null : webhook.baseUrl();
  }

  /** The bound port (0 before start). */
  public int port() {
    return webhook == null ? 0 : webhook.port();
  }

  private void applyConfiguration(String caBundle) {
    String url = baseUrl();
    ValidatingWebhookConfiguration validating = NetworkWebhooks.validating(settings, url);
    if (caBundle != null) {
      String encoded =
          Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.UTF_8));
      validating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
    }
    client
        .resource(validating)
        .fieldManager(PolicyWriter.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    LOGGER.info(
        "applied ValidatingWebhookConfiguration {} (calling {})",
        settings.configurationName(),
        url == null ? "Service " + settings.namespace() + "/" + settings.serviceName() : url);
  }

  void stop(@Observes ShutdownEvent event) {
    if (webhook != null) {
      webhook.close();
    }
    if (cache != null) {
      cache.close();
    }
  }
}
