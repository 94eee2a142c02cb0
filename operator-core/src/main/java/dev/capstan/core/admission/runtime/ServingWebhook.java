package dev.capstan.core.admission.runtime;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateManager;
import dev.capstan.core.admission.tls.MountedCertificates;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.ServingIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's admission webhook from start to stop: its certificates (self-managed in a
 * Secret, or mounted from cert-manager), the HTTPS server with the decisions off the event loop,
 * the URL or Service the apiserver calls and the CA bundle it trusts, and a shutdown that keeps
 * serving for a drain period first. Every controller that serves a webhook needs exactly this
 * sequence; what differs between them (names, ports, TLS mode) is in {@link Options}, and what is
 * theirs (caches, decisions, the webhook configurations) stays with them.
 */
public final class ServingWebhook implements AutoCloseable {

  /** TLS mode: a CA and serving certificate kept in a Secret by {@link CertificateManager}. */
  public static final String SELF_MANAGED = "self-managed";

  /** TLS mode: cert-manager's Secret mounted as files, read by {@link MountedCertificates}. */
  public static final String MOUNTED = "mounted";

  /** The {@code url} that means {@code https://127.0.0.1:<bound port>}. */
  public static final String AUTO = "auto";

  private static final Logger LOGGER = LoggerFactory.getLogger(ServingWebhook.class);

  private final Options options;
  private CertificateManager certificates;
  private MountedCertificates mounted;
  private WebhookServer server;
  private String caBundlePem;

  private ServingWebhook(Options options) {
    this.options = options;
  }

  /**
   * Obtains the serving certificate, starts the server for {@code handler} and keeps the
   * certificate current. Decisions run off the event loop: they may block (a cache miss, a
   * SubjectAccessReview).
   */
  public static ServingWebhook start(
      KubernetesClient client, AdmissionHandler handler, Options options) {
    ServingWebhook webhook = new ServingWebhook(options);
    try {
      webhook.startServing(client, handler);
    } catch (RuntimeException e) {
      webhook.closeNow();
      throw e;
    }
    return webhook;
  }

  private void startServing(KubernetesClient client, AdmissionHandler handler) {
    ServingCertificate serving;
    if (SELF_MANAGED.equals(options.tlsMode())) {
      CertificateManager.Builder builder = CertificateManager.builder(client);
      if (options.secretLabelKey() != null) {
        builder.secretLabel(options.secretLabelKey(), options.secretLabelValue());
      }
      certificates =
          builder
              .secret(options.namespace(), options.secretName())
              .identity(identity(options.serviceName(), options.namespace(), options.url()))
              .checkInterval(options.checkInterval())
              .caName(options.caName())
              .validatingWebhookConfigurations(
                  options.validatingConfigurations().toArray(String[]::new))
              .mutatingWebhookConfigurations(
                  options.mutatingConfigurations().toArray(String[]::new))
              .build()
              .start();
      serving = certificates.current().serving();
      caBundlePem = certificates.current().caBundlePem();
    } else {
      Path directory = Path.of(options.mountedDirectory());
      mounted = new MountedCertificates(directory);
      serving = mounted.load();
      caBundlePem = readIfPresent(directory.resolve("ca.crt"));
    }
    server =
        WebhookServer.start(
            handler,
            serving,
            WebhookServerOptions.builder()
                .host(options.host())
                .port(options.port())
                .offloadDecisions(true)
                .build());
    if (certificates != null) {
      certificates.onServingCertificate(server::updateCertificate);
    } else {
      mounted.watch(options.checkInterval(), server::updateCertificate);
    }
  }

  /** The port the server bound. */
  public int port() {
    return server.port();
  }

  /** The base URL the webhook configurations name, or null when they name the Service. */
  public String baseUrl() {
    return baseUrl(options.url(), port());
  }

  /**
   * The CA bundle (PEM) to put into the configurations' {@code caBundle}: the self-managed trust
   * bundle, or the mounted {@code ca.crt}; null when mounted without one (cert-manager injects it).
   */
  public String caBundlePem() {
    return caBundlePem;
  }

  /**
   * Keeps serving for the drain period, then stops the server and the certificate sources. The
   * drain is deliberate: the Service must stop routing to this pod before its webhook (possibly
   * fail-closed) stops answering.
   */
  @Override
  public void close() {
    if (server != null && !options.shutdownDrain().isZero()) {
      LOGGER.info("serving admissions {} more before stopping", options.shutdownDrain());
      try {
        Thread.sleep(options.shutdownDrain().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeNow();
  }

  private void closeNow() {
    if (server != null) {
      server.close();
    }
    if (certificates != null) {
      certificates.close();
    }
    if (mounted != null) {
      mounted.close();
    }
  }

  /** {@code url} with {@link #AUTO} resolved to the loopback address and {@code port}. */
  static String baseUrl(String url, int port) {
    if (url == null) {
      return null;
    }
    return AUTO.equals(url) ? "https://127.0.0.1:" + port : url;
  }

  /**
   * The names the serving certificate carries: the Service's, plus the host of a development-mode
   * {@code url} (as an IP SAN when it is an address literal).
   */
  static ServingIdentity identity(String serviceName, String namespace, String url) {
    ServingIdentity identity = ServingIdentity.forService(serviceName, namespace);
    if (url != null) {
      String host = AUTO.equals(url) ? "127.0.0.1" : URI.create(url).getHost();
      identity = isIpLiteral(host) ? identity.withIpAddresses(host) : identity.withDnsNames(host);
    }
    return identity;
  }

  static boolean isIpLiteral(String host) {
    return IPAddress.isValid(host);
  }

  private static String readIfPresent(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      LOGGER.warn("cannot read {}: {}", file, e.getMessage());
      return null;
    }
  }

  /**
   * What differs between webhooks; {@link Builder#build()} checks the TLS mode, so a controller can
   * build these before it starts anything else.
   *
   * @param host address the server binds
   * @param port port; 0 picks a free one
   * @param namespace the controller's namespace (the certificate Secret's, the Service's)
   * @param serviceName the Service in front of the pods
   * @param url development-mode base URL ({@link #AUTO} for loopback), or null for the Service
   * @param tlsMode {@link #SELF_MANAGED} or {@link #MOUNTED}
   * @param mountedDirectory where {@code tls.crt}, {@code tls.key} and {@code ca.crt} are mounted
   * @param secretName the self-managed certificates' Secret
   * @param secretLabelKey label key on that Secret
   * @param secretLabelValue label value on that Secret
   * @param caName subject CN of the self-managed CA
   * @param checkInterval how often certificates are checked for renewal or change
   * @param validatingConfigurations ValidatingWebhookConfigurations to inject the CA bundle into
   * @param mutatingConfigurations MutatingWebhookConfigurations to inject the CA bundle into
   * @param shutdownDrain how long to keep serving on {@link #close()}
   */
  public record Options(
      String host,
      int port,
      String namespace,
      String serviceName,
      String url,
      String tlsMode,
      String mountedDirectory,
      String secretName,
      String secretLabelKey,
      String secretLabelValue,
      String caName,
      Duration checkInterval,
      List<String> validatingConfigurations,
      List<String> mutatingConfigurations,
      Duration shutdownDrain) {

    public Options {
      validatingConfigurations = List.copyOf(validatingConfigurations);
      mutatingConfigurations = List.copyOf(mutatingConfigurations);
    }

    public static Builder builder() {
      return new Builder();
    }
  }

  /** Builds {@link Options}; see there for the meaning of each value. */
  public static final class Builder {
    private String settingsPrefix = "webhook";
    private String host = "0.0.0.0";
    private int port = 8443;
    private String namespace;
    private String serviceName;
    private String url;
    private String tlsMode = SELF_MANAGED;
    private String mountedDirectory;
    private String secretName;
    private String secretLabelKey;
    private String secretLabelValue;
    private String caName;
    private Duration checkInterval = Duration.ofMinutes(1);
    private List<String> validatingConfigurations = List.of();
    private List<String> mutatingConfigurations = List.of();
    private Duration shutdownDrain = Duration.ZERO;

    private Builder() {}

    /** The configuration prefix the values come from, named in validation errors. */
    public Builder settingsPrefix(String settingsPrefix) {
      this.settingsPrefix = settingsPrefix;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The Service {@code serviceName} in {@code namespace}. */
    public Builder service(String namespace, String serviceName) {
      this.namespace = namespace;
      this.serviceName = serviceName;
      return this;
    }

    /** Development-mode base URL; null or blank: the Service. */
    public Builder url(String url) {
      this.url = url == null || url.isBlank() ? null : url;
      return this;
    }

    public Builder tlsMode(String tlsMode) {
      this.tlsMode = tlsMode;
      return this;
    }

    public Builder mountedDirectory(String mountedDirectory) {
      this.mountedDirectory = mountedDirectory;
      return this;
    }

    /** The self-managed Secret (in the Service's namespace), its label and the CA's name. */
    public Builder selfManaged(
        String secretName, String secretLabelKey, String secretLabelValue, String caName) {
      this.secretName = secretName;
      this.secretLabelKey = secretLabelKey;
      this.secretLabelValue = secretLabelValue;
      this.caName = caName;
      return this;
    }

    public Builder checkInterval(Duration checkInterval) {
      this.checkInterval = checkInterval;
      return this;
    }

    public Builder validatingConfigurations(String... names) {
      this.validatingConfigurations = List.of(names);
      return this;
    }

    public Builder mutatingConfigurations(String... names) {
      this.mutatingConfigurations = List.of(names);
      return this;
    }

    public Builder shutdownDrain(Duration shutdownDrain) {
      this.shutdownDrain = shutdownDrain;
      return this;
    }

    /**
     * The options; throws if the TLS mode is neither {@link #SELF_MANAGED} nor {@link #MOUNTED}.
     */
    public Options build() {
      if (!SELF_MANAGED.equals(tlsMode) && !MOUNTED.equals(tlsMode)) {
        throw new IllegalArgumentException(
            settingsPrefix + ".tls.mode must be self-managed or mounted, not " + tlsMode);
      }
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(serviceName, "serviceName");
      if (SELF_MANAGED.equals(tlsMode)) {
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(caName, "caName");
      } else {
        Objects.requireNonNull(mountedDirectory, "mountedDirectory");
      }
      return new Options(
          host,
          port,
          namespace,
          serviceName,
          url,
          tlsMode,
          mountedDirectory,
          secretName,
          secretLabelKey,
          secretLabelValue,
          caName,
          checkInterval,
          validatingConfigurations,
          mutatingConfigurations,
          Objects.requireNonNull(shutdownDrain, "shutdownDrain"));
    }
  }
}
