package dev.capstan.core.admission.server;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WebhookServer} listens. Build with {@link #builder()}.
 *
 * @param host the address to bind ("0.0.0.0" in a pod, "127.0.0.1" for local mode)
 * @param port the port; 0 picks a free one, see {@link WebhookServer#port()}
 * @param instances event loops that accept and serve connections (default: one per core, at most
 *     8); each runs decisions for its connections
 * @param offloadDecisions run decisions on Vert.x's worker pool instead of the event loop; set it
 *     when a decision blocks (e.g. calls the apiserver), never block an event loop
 * @param idleTimeout closes connections idle this long; longer than the apiserver's 90 s
 *     keep-alive, so the server never closes a connection the client is about to reuse
 * @param vertx an existing Vert.x to run on (e.g. a Quarkus application's); null creates one that
 *     the server owns and closes
 */
public record WebhookServerOptions(
    String host,
    int port,
    int instances,
    boolean offloadDecisions,
    Duration idleTimeout,
    Vertx vertx) {

  public WebhookServerOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults described on the record. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8443;
    private int instances = Math.min(8, Runtime.getRuntime().availableProcessors());
    private boolean offloadDecisions;
    private Duration idleTimeout = Duration.ofMinutes(3);
    private Vertx vertx;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder instances(int instances) {
      this.instances = instances;
      return this;
    }

    public Builder offloadDecisions(boolean offload) {
      this.offloadDecisions = offload;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder vertx(Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    public WebhookServerOptions build() {
      return new WebhookServerOptions(host, port, instances, offloadDecisions, idleTimeout, vertx);
    }
  }
}
