package dev.capstan.security.webhook;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateManager;
import dev.capstan.core.admission.tls.MountedCertificates;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.ServingIdentity;
import dev.capstan.security.runtime.ClusterInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the admission webhooks with the application and stops them with it: the policy and
 * namespace caches, the SubjectAccessReview authorizer, the HTTPS server with its certificates
 * (self-managed or mounted) and, when {@link WebhookSettings#manage()}, the webhook configurations.
 * Every replica serves (no leader election here).
 */
@Singleton
public class WebhookRuntime {

  static final String FIELD_MANAGER = "capstan-security";
  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookRuntime.class);
  private static final String SELF_MANAGED = "self-managed";
  private static final String MOUNTED = "mounted";
  private static final String AUTO = "auto";

  private final KubernetesClient client;
  private final WebhookSettings settings;
  private PolicyCache cache;
  private ExecutorService reviews;
  private WebhookServer server;
  private CertificateManager certificates;
  private MountedCertificates mounted;

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
    String mode = settings.tls().mode();
    if (!SELF_MANAGED.equals(mode) && !MOUNTED.equals(mode)) {
      throw new IllegalArgumentException(
          "capstan.security.webhook.tls.mode must be self-managed or mounted, not " + mode);
    }
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
    ServingCertificate serving;
    String caBundle = null;
    if (SELF_MANAGED.equals(mode)) {
      certificates =
          CertificateManager.builder(client)
              .secret(
                  settings.namespace(),
                  settings.tls().secret().orElse(settings.configurationName() + "-webhook-tls"))
              .secretLabel(SecurityWebhooks.LABEL_KEY, SecurityWebhooks.LABEL_VALUE)
              .identity(identity())
              .checkInterval(settings.tls().checkInterval())
              .caName("capstan-security-webhook-ca")
              .validatingWebhookConfigurations(settings.configurationName())
              .mutatingWebhookConfigurations(settings.configurationName())
              .build()
              .start();
      serving = certificates.current().serving();
      caBundle = certificates.current().caBundlePem();
    } else {
      Path directory = Path.of(settings.tls().mountedDirectory());
      mounted = new MountedCertificates(directory);
      serving = mounted.load();
      caBundle = readIfPresent(directory.resolve("ca.crt"));
    }
    // Decisions may wait for SubjectAccessReviews: never on the event loop.
    server =
        WebhookServer.start(
            handler,
            serving,
            WebhookServerOptions.builder()
                .host(settings.host())
                .port(settings.port())
                .offloadDecisions(true)
                .build());
    if (certificates != null) {
      certificates.onServingCertificate(server::updateCertificate);
    } else {
      mounted.watch(settings.tls().checkInterval(), server::updateCertificate);
    }
    if (settings.manage()) {
      applyConfigurations(caBundle);
    }
  }

  /** The base URL the configurations name, or null for the Service. */
  String baseUrl() {
    String url = settings.url().filter(u -> !u.isBlank()).orElse(null);
    if (url == null) {
      return null;
    }
    return AUTO.equals(url) ? "https://127.0.0.1:" + port() : url;
  }

  /** The bound port (0 before start). */
  public int port() {
    return server == null ? 0 : server.port();
  }

  private ServingIdentity identity() {
    ServingIdentity identity =
        ServingIdentity.forService(settings.serviceName(), settings.namespace());
    String url = settings.url().filter(u -> !u.isBlank()).orElse(null);
    if (url != null) {
      String host = AUTO.equals(url) ? "127.0.0.1" : URI.create(url).getHost();
      identity =
          IPAddress.isValid(host) ? identity.withIpAddresses(host) : identity.withDnsNames(host);
    }
    return identity;
  }

  private void applyConfigurations(String caBundle) {
    String url = baseUrl();
    var mutating = SecurityWebhooks.mutating(settings, url);
    var validating = SecurityWebhooks.validating(settings, url);
    if (caBundle != null) {
      String encoded =
          java.util.Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.UTF_8));
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

  private static String readIfPresent(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      LOGGER.warn("cannot read {}: {}", file, e.getMessage());
      return null;
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (server != null && !settings.shutdownDrain().isZero()) {
      LOGGER.info("serving admissions {} more before stopping", settings.shutdownDrain());
      try {
        Thread.sleep(settings.shutdownDrain().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (server != null) {
      server.close();
    }
    if (certificates != null) {
      certificates.close();
    }
    if (mounted != null) {
      mounted.close();
    }
    if (reviews != null) {
      reviews.shutdownNow();
    }
    if (cache != null) {
      cache.close();
    }
  }
}
