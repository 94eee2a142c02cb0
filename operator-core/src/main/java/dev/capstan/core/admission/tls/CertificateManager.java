package dev.capstan.core.admission.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-managed webhook TLS: keeps the CA and serving certificate in a Secret, renews them as the
 * {@link RotationPolicy} decides, injects the CA bundle into the webhook configurations and hands
 * each new serving certificate to its listeners (typically {@link
 * dev.capstan.core.admission.server.WebhookServer#updateCertificate}). JOSDK and fabric8 leave
 * webhook certificates to cert-manager or to the user; this removes that install-time dependency.
 *
 * <p>One pass ({@link #reconcile()}): read the Secret (a missing or unreadable one counts as
 * empty), inject its bundle, apply policy steps until none is due, write the Secret back if it
 * changed (create, or update guarded by its resourceVersion: replicas racing on it converge on the
 * winner's state), inject the new bundle, notify listeners if the serving certificate changed.
 * {@link #start()} runs a pass at once and then every {@code checkInterval}; a failed pass is
 * logged and retried at the next one.
 *
 * <p>Alternative: with cert-manager, mount its Secret and use {@link MountedCertificates} for the
 * server, and let cert-manager's CA injector fill {@code caBundle} (annotation {@code
 * cert-manager.io/inject-ca-from}, see {@link
 * dev.capstan.core.admission.config.WebhookConfigurations}).
 */
public final class CertificateManager implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(CertificateManager.class);
  private static final int MAX_STEPS = 6;
  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String secretName;
  private final Map<String, String> labels;
  private final ServingIdentity identity;
  private final TlsRotation rotation;
  private final CaBundleInjector injector;
  private final Clock clock;
  private final Duration checkInterval;
  private final List<Consumer<ServingCertificate>> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService scheduler;
  private volatile WebhookTls current;
  private ServingCertificate notified;

  private CertificateManager(Builder builder) {
    this.client = Objects.requireNonNull(builder.client, "client");
    this.namespace = Objects.requireNonNull(builder.namespace, "secret namespace");
    this.secretName = Objects.requireNonNull(builder.secretName, "secret name");
    this.labels = Map.copyOf(builder.labels);
    this.identity = Objects.requireNonNull(builder.identity, "identity");
    this.rotation = new TlsRotation(builder.policy, builder.issuer, builder.caName);
    this.injector = new CaBundleInjector(client, builder.validating, builder.mutating);
    this.clock = builder.clock;
    this.checkInterval = builder.checkInterval;
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /** Called with every new serving certificate, on the thread that found it. */
  public CertificateManager onServingCertificate(Consumer<ServingCertificate> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Runs a pass now (failing if it fails), then one every check interval. */
  public synchronized CertificateManager start() {
    reconcile();
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "capstan-webhook-certificates");
                t.setDaemon(true);
                return t;
              });
      long millis = checkInterval.toMillis();
      scheduler.scheduleWithFixedDelay(
          this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The state after the last successful pass, or null before the first. */
  public WebhookTls current() {
    return current;
  }

  /** One pass; see the class documentation. Returns the resulting state. */
  public synchronized WebhookTls reconcile() {
    return reconcile(null);
  }

  /**
   * Starts a CA rotation now (break-glass, e.g. after a key leak): stages a new CA; the next passes
   * promote it once it is published and the propagation delay has passed.
   */
  public synchronized WebhookTls rotateCa() {
    return reconcile(RotationPolicy.Action.STAGE_CA);
  }

  /** Issues a new serving certificate from the current CA now. */
  public synchronized WebhookTls reissueServingCertificate() {
    return reconcile(RotationPolicy.Action.REISSUE_SERVING);
  }

  private WebhookTls reconcile(RotationPolicy.Action forced) {
    for (int attempt = 1; ; attempt++) {
      try {
        WebhookTls result = pass(forced);
        // Listeners first: once current() shows a certificate, the server presents it.
        notifyIfChanged(result.serving());
        current = result;
        return result;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOGGER.info("Secret {}/{} changed concurrently; reading it again", namespace, secretName);
      }
    }
  }

  private WebhookTls pass(RotationPolicy.Action forced) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    WebhookTls stored = read(secret);
    boolean published =
        !injector.hasTargets() || stored != null && injector.inject(stored.caBundlePem());
    WebhookTls state = stored;
    if (forced != null
        && state != null
        && !(forced == RotationPolicy.Action.STAGE_CA && state.hasStagedCa())) {
      LOGGER.info("{}: requested", forced);
      state = rotation.apply(forced, state, identity, clock.instant());
      published = !injector.hasTargets();
    }
    for (int step = 0; step < MAX_STEPS; step++) {
      RotationPolicy.Step next =
          rotation.policy().next(state, identity, clock.instant(), published);
      if (next.action() == RotationPolicy.Action.NONE) {
        break;
      }
      LOGGER.info("{}: {}", next.action(), next.reason());
      WebhookTls before = state;
      state = rotation.apply(next.action(), state, identity, clock.instant());
      if (before == null || !before.trustBundle().equals(state.trustBundle())) {
        published = !injector.hasTargets();
      }
    }
    if (state != stored) {
      write(secret, state);
      if (injector.hasTargets()) {
        injector.inject(state.caBundlePem());
      }
    }
    return state;
  }

  private WebhookTls read(Secret secret) {
    if (secret == null) {
      return null;
    }
    try {
      return TlsSecret.fromSecret(secret);
    } catch (IllegalArgumentException e) {
      LOGGER.warn(
          "Secret {}/{} holds no usable certificates ({}); issuing new ones",
          namespace,
          secretName,
          e.getMessage());
      return null;
    }
  }

  private void write(Secret existing, WebhookTls state) {
    Map<String, String> allLabels = new LinkedHashMap<>();
    if (existing != null && existing.getMetadata().getLabels() != null) {
      allLabels.putAll(existing.getMetadata().getLabels());
    }
    allLabels.putAll(labels);
    Secret desired = TlsSecret.toSecret(namespace, secretName, allLabels, state);
    if (existing == null) {
      client.secrets().inNamespace(namespace).resource(desired).create();
      LOGGER.info("created Secret {}/{} with the webhook certificates", namespace, secretName);
    } else {
      existing.setData(desired.getData());
      existing.setStringData(null);
      existing.getMetadata().setLabels(allLabels.isEmpty() ? null : allLabels);
      if (!TlsSecret.TYPE.equals(existing.getType())) {
        // The type of a Secret is immutable: replace a foreign one.
        client.secrets().inNamespace(namespace).withName(secretName).delete();
        client.secrets().inNamespace(namespace).resource(desired).create();
      } else {
        client.secrets().inNamespace(namespace).resource(existing).update();
      }
      LOGGER.info("updated Secret {}/{} with the webhook certificates", namespace, secretName);
    }
  }

  private void notifyIfChanged(ServingCertificate serving) {
    if (serving.leaf().equals(notified == null ? null : notified.leaf())) {
      return;
    }
    notified = serving;
    for (Consumer<ServingCertificate> listener : listeners) {
      listener.accept(serving);
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOGGER.warn("webhook certificate check failed; retrying in {}", checkInterval, e);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Configures a {@link CertificateManager}. */
  public static final class Builder {
    private final KubernetesClient client;
    private String namespace;
    private String secretName;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private ServingIdentity identity;
    private RotationPolicy policy = RotationPolicy.defaults();
    private CertificateIssuer issuer = new CertificateIssuer();
    private String caName = "capstan-webhook-ca";
    private final List<String> validating = new ArrayList<>();
    private final List<String> mutating = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration checkInterval = Duration.ofMinutes(1);

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    /** The Secret that holds the certificates (created when missing). */
    public Builder secret(String namespace, String name) {
      this.namespace = namespace;
      this.secretName = name;
      return this;
    }

    public Builder secretLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** The names the serving certificate must carry. */
    public Builder identity(ServingIdentity identity) {
      this.identity = identity;
      return this;
    }

    public Builder policy(RotationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder issuer(CertificateIssuer issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Common name prefix of the CA (a timestamp is appended). */
    public Builder caName(String caName) {
      this.caName = Objects.requireNonNull(caName, "caName");
      return this;
    }

    /** ValidatingWebhookConfigurations whose webhooks get the CA bundle. */
    public Builder validatingWebhookConfigurations(String... names) {
      validating.addAll(Arrays.asList(names));
      return this;
    }

    /** MutatingWebhookConfigurations whose webhooks get the CA bundle. */
    public Builder mutatingWebhookConfigurations(String... names) {
      mutating.addAll(Arrays.asList(names));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often the certificates are checked (default one minute). */
    public Builder checkInterval(Duration checkInterval) {
      if (checkInterval.isNegative() || checkInterval.isZero()) {
        throw new IllegalArgumentException("checkInterval must be positive");
      }
      this.checkInterval = checkInterval;
      return this;
    }

    public CertificateManager build() {
      return new CertificateManager(this);
    }
  }
}
