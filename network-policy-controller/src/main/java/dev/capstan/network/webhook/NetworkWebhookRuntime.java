package dev.capstan.network.webhook;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateManager;
import dev.capstan.core.admission.tls.MountedCertificates;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.ServingIdentity;
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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the NetworkPolicy lint webhook with the application and stops it with it: its caches, the
 * HTTPS server with its certificates (self-managed or mounted) and, when {@link
 * NetworkWebhookSettings#manage()}, the webhook configuration. Every replica serves (no leader
 * election here), as in the security controller's {@code WebhookRuntime}.
 */
@Singleton
public class NetworkWebhookRuntime {

  private static final Logger LOGGER = LoggerFactory.getLogger(NetworkWebhookRuntime.class);
  private static final String SELF_MANAGED = "self-managed";
  private static final String MOUNTED = "mounted";
  private static final String AUTO = "auto";

  private final KubernetesClient client;
  private final NetworkWebhookSettings settings;
  private final NetworkSettings network;
  private LintCache cache;
  private WebhookServer server;
  private CertificateManager certificates;
  private MountedCertificates mounted;

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
    String mode = settings.tls().mode();
    if (!SELF_MANAGED.equals(mode) && !MOUNTED.equals(mode)) {
      throw new IllegalArgumentException(
          "capstan.network.webhook.tls.mode must be self-managed or mounted, not " + mode);
    }
    cache = new LintCache(client).start(60);
    PolicyLintAdmission lint =
        new PolicyLintAdmission(cache, new NetworkPolicyLinter(network.podCidrs()));
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(NetworkWebhooks.LINT_PATH, NetworkPolicy.class, lint)
            .build();
    warmUp(handler);
    ServingCertificate serving;
    String caBundle;
    if (SELF_MANAGED.equals(mode)) {
      certificates =
          CertificateManager.builder(client)
              .secret(
                  settings.namespace(),
                  settings.tls().secret().orElse(settings.configurationName() + "-webhook-tls"))
              .secretLabel(NetworkWebhooks.LABEL_KEY, NetworkWebhooks.LABEL_VALUE)
              .identity(identity())
              .checkInterval(settings.tls().checkInterval())
              .caName("capstan-network-webhook-ca")
              .validatingWebhookConfigurations(settings.configurationName())
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
    // Off the event loop: a namespace the cache has not seen yet costs a GET.
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
      applyConfiguration(caBundle);
    }
    LOGGER.info("NetworkPolicy lint webhook serving on port {}", server.port());
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
      identity = isIpLiteral(host) ? identity.withIpAddresses(host) : identity.withDnsNames(host);
    }
    return identity;
  }

  static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
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
    if (cache != null) {
      cache.close();
    }
  }
}
