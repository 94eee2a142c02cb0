package dev.capstan.security.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How the security controller serves its admission webhooks ({@code capstan.security.webhook.*}).
 * In a pod the chart sets them through environment variables; out of cluster (development mode,
 * tests) {@link #url()} makes the apiserver call {@code https://127.0.0.1:<port>}.
 */
@ConfigMapping(prefix = "capstan.security.webhook")
public interface WebhookSettings {

  /** Serve the webhooks at all (off: the application only reconciles policy status). */
  @WithDefault("true")
  boolean enabled();

  /** Address the HTTPS server binds. */
  @WithDefault("0.0.0.0")
  String host();

  /** HTTPS port; 0 picks a free one (only sensible with {@link #url()} {@code auto}). */
  @WithDefault("8443")
  int port();

  /**
   * The operator's namespace: always exempt from the webhooks, and where the self-managed
   * certificate Secret lives. Defaults to POD_NAMESPACE (set by the chart).
   */
  @WithDefault("${POD_NAMESPACE:capstan-system}")
  String namespace();

  /**
   * The Service in front of the webhook pods (in cluster); default {@code
   * <configurationName>-webhook}.
   */
  Optional<String> service();

  default String serviceName() {
    return service().orElse(configurationName() + "-webhook");
  }

  /**
   * Development mode: the base URL the apiserver calls instead of the Service, e.g. {@code
   * https://127.0.0.1:8443}; {@code auto} means {@code https://127.0.0.1:<bound port>}. Empty: in
   * cluster, through {@link #serviceName()}.
   */
  Optional<String> url();

  /** Names of the webhook configurations (the chart's, or ours when {@link #manage()}). */
  @WithDefault("capstan-security-policy-controller")
  String configurationName();

  /**
   * Whether the controller creates and keeps the webhook configurations itself (server-side apply,
   * field manager {@code capstan-security}). Off by default: the chart owns them, so {@code helm
   * uninstall} removes them and no fail-closed webhook outlives its server. On for tests and for
   * running without the chart.
   */
  @WithDefault("false")
  boolean manage();

  /**
   * Only namespaces carrying this label ({@code key} or {@code key=value}) are intercepted, for a
   * gradual rollout or tests; empty: every namespace but the exempt ones.
   */
  Optional<String> namespaceLabel();

  /** Timeout the apiserver allows each call (1–30 s). */
  @WithDefault("5")
  int timeoutSeconds();

  /** Time budget for the SubjectAccessReviews of one admission request, within the timeout. */
  @WithDefault("2s")
  Duration authorizationBudget();

  /**
   * On shutdown, keep serving this long before closing the server, so that the Service's endpoints
   * drop the pod before its webhook stops answering (the validating webhook fails closed). The
   * chart sets 5 s; out of cluster there is no Service and no reason to wait.
   */
  @WithDefault("0s")
  Duration shutdownDrain();

  Tls tls();

  /** Where the serving certificate comes from. */
  interface Tls {
    /**
     * {@code self-managed}: a CA and serving certificate kept in {@link #secretName()}, rotated,
     * and injected as caBundle into the configurations; {@code mounted}: cert-manager's Secret
     * mounted at {@link #mountedDirectory()}, caBundle injected by cert-manager's CA injector.
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
