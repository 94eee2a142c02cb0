package dev.capstan.security.webhook;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.runtime.ServingWebhook;
import dev.capstan.security.runtime.ClusterInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the admission webhooks with the application and stops them with it: the policy and
 * namespace caches, the SubjectAccessReview authorizer, the handler served by operator-core's
 * {@link ServingWebhook} (certificates self-managed or mounted) and, when {@link
 * WebhookSettings#manage()}, the webhook configurations. Every replica serves (no leader election
 * here).
 */
@Singleton
public class WebhookRuntime {

  static final String FIELD_MANAGER = "capstan-security";
  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookRuntime.class);

  private final KubernetesClient client;
  private final WebhookSettings settings;
  private PolicyCache cache;
  private ExecutorService reviews;
  private ServingWebhook webhook;

  private final ClusterInformers informers;

  public WebhookRuntime(
      KubernetesClient client, WebhookSettings settings, ClusterInformers informers) {
    this.client = client;
    this.settings = settings;
    this.informers = informers;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.enabled()) {
      LOGGER.info("admission webhooks disabled (capstan.security.webhook.enabled=false)");
      return;
    }
    ServingWebhook.Options options = servingOptions();
    cache = new PolicyCache(client, informers.namespaces()).start(60);
    reviews =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "capstan-subject-access-reviews");
              t.setDaemon(true);
              return t;
            });
    SubjectAccessReviewAuthorizer authorizer = SubjectAccessReviewAuthorizer.of(client, reviews);
    PodAdmission admission =
        new PodAdmission(
            cache::policies,
            cache::namespaceLabels,
            () -> authorizer.within(settings.authorizationBudget()));
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .mutating(SecurityWebhooks.MUTATE_PATH, Pod.class, admission::mutate)
            .validating(SecurityWebhooks.VALIDATE_PATH, Pod.class, admission::validate)
            .validating(
                SecurityWebhooks.WORKLOADS_PATH, HasMetadata.class, admission::validateWorkload)
            .build();
    // Served off the event loop: decisions may wait for SubjectAccessReviews.
    webhook = ServingWebhook.start(client, handler, options);
    if (settings.manage()) {
      applyConfigurations(webhook.caBundlePem());
    }
  }

  private ServingWebhook.Options servingOptions() {
    WebhookSettings.Tls tls = settings.tls();
    return ServingWebhook.Options.builder()
        .settingsPrefix("capstan.security.webhook")
        .host(settings.host())
        .port(settings.port())
        .service(settings.namespace(), settings.serviceName())
        .url(settings.url().orElse(null))
        .tlsMode(tls.mode())
        .mountedDirectory(tls.mountedDirectory())
        .selfManaged(
            tls.secret().orElse(settings.configurationName() + "-webhook-tls"),
            SecurityWebhooks.LABEL_KEY,
            SecurityWebhooks.LABEL_VALUE,
            "capstan-security-webhook-ca")
        .checkInterval(tls.checkInterval())
        .validatingConfigurations(settings.configurationName())
        .mutatingConfigurations(settings.configurationName())
        .shutdownDrain(settings.shutdownDrain())
        .build();
  }

  /** The base URL the configurations name, or null for the Service. */
  String baseUrl() {
    return webhook == null ? null : webhook.baseUrl();
  }

  /** The bound port (0 before start). */
  public int port() {
    return webhook == null ? 0 : webhook.port();
  }

  private void applyConfigurations(String caBundle) {
    String url = baseUrl();
    var mutating = SecurityWebhooks.mutating(settings, url);
    var validating = SecurityWebhooks.validating(settings, url);
    if (caBundle != null) {
      String encoded =
          Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.UTF_8));
      mutating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
      validating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
    }
    apply(mutating);
    apply(validating);
    LOGGER.info(
        "applied webhook configurations {} (calling {})",
        settings.configurationName(),
        url == null ? "Service " + settings.namespace() + "/" + settings.serviceName() : url);
  }

  private void apply(HasMetadata configuration) {
    client.resource(configuration).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  void stop(@Observes ShutdownEvent event) {
    if (webhook != null) {
      webhook.close();
    }
    if (reviews != null) {
      reviews.shutdownNow();
    }
    if (cache != null) {
      cache.close();
    }
  }
}
