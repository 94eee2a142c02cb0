package dev.capstan.network.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How the network controller serves its NetworkPolicy lint webhook ({@code
 * capstan.network.webhook.*}). In a pod the chart sets them through environment variables; out of
 * cluster (development mode, tests) {@link #url()} makes the apiserver call {@code
 * https://127.0.0.1:<port>}. The same shape as the security controller's settings.
 */
@ConfigMapping(prefix = "capstan.network.webhook")
public interface NetworkWebhookSettings {

  /** Serve the lint webhook at all (off: the controller only reconciles). */
  @WithDefault("true")
  boolean enabled();

  /** Address the HTTPS server binds. */
  @WithDefault("0.0.0.0")
  String host();

  /** HTTPS port; 0 picks a free one (only sensible with {@link #url()} {@code auto}). */
  @WithDefault("8443")
  int port();

  /**
   * The operator's namespace: exempt from the webhook, and where the self-managed certificate
   * Secret lives. Defaults to POD_NAMESPACE (set by the chart).
   */
  @WithDefault("${POD_NAMESPACE:capstan-system}")
  String namespace();

  /** The Service in front of the controller pods; default {@code <configurationName>-webhook}. */
  Optional<String> service();

  default String serviceName() {
    return service().orElse(configurationName() + "-webhook");
  }

  /**
   * Development mode: the base URL the apiserver calls instead of the Service; {@code auto} means
   * {@code https://127.0.0.1:<bound port>}. Empty: in cluster, through {@link #serviceName()}.
   */
  Optional<String> url();

  /** Name of the ValidatingWebhookConfiguration (the chart's, or ours when {@link #manage()}). */
  @WithDefault("capstan-network-policy-controller")
  String configurationName();

  /**
   * Whether the controller creates and keeps the configuration itself (server-side apply, field
   * manager {@code capstan-network}). Off by default: the chart owns it, so {@code helm uninstall}
   * removes it with the controller. On for tests and for running without the chart.
   */
  @WithDefault("false")
  boolean manage();

  /**
   * How long the apiserver waits for a lint (1–30 s). Short: the webhook fails open, so a slow
   * answer only delays the write it would not have blocked anyway.
   */
  @WithDefault("2")
  int timeoutSeconds();

  /** On shutdown, keep serving this long so the Service's endpoints drop the pod first. */
  @WithDefault("0s")
  Duration shutdownDrain();

  Tls tls();

  /** Where the serving certificate comes from. */
  interface Tls {
    /**
     * {@code self-managed}: a CA and serving certificate kept in a Secret, rotated and injected as
     * caBundle into the configuration; {@code mounted}: cert-manager's Secret mounted at {@link
     * #mountedDirectory()}, caBundle injected by cert-manager's CA injector.
     */
    @WithDefault("self-managed")
    String mode();

    /** The self-managed certificates' Secret; default {@code <configurationName>-webhook-tls}. */
    Optional<String> secret();

    @WithDefault("/etc/capstan/webhook-tls")
    String mountedDirectory();

    /** How often certificates are checked for renewal (self-managed) or change (mounted). */
    @WithDefault("1m")
    Duration checkInterval();
  }
}
