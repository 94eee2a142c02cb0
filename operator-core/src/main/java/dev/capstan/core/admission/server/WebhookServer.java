package dev.capstan.core.admission.server;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.HttpReply;
import dev.capstan.core.admission.tls.ServingCertificate;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable HTTPS server for an {@link AdmissionHandler}: {@link #start}, {@link #port()},
 * {@link #updateCertificate} and {@link #close()}. JOSDK and fabric8 ship no server (the JOSDK
 * webhooks framework expects one from Quarkus or Spring), and a controller library must not require
 * a web framework.
 *
 * <h2>Why Vert.x core rather than the JDK's {@code HttpsServer}</h2>
 *
 * <ul>
 *   <li>Speed: Netty event loops (one per core) serve keep-alive and HTTP/2 connections without a
 *       thread per connection; the JDK server runs TLS through blocking {@code SSLEngine} streams
 *       on one dispatcher thread and speaks only HTTP/1.1. The apiserver multiplexes webhook calls
 *       over HTTP/2 when the server offers it (ALPN), so 200 concurrent admissions need a handful
 *       of connections, not 200 handshakes.
 *   <li>Hot-swappable TLS: the server's key manager ({@link RotatingKeyManager}) is consulted on
 *       every handshake, so {@link #updateCertificate} takes effect for the next connection while
 *       established connections, and the requests in flight on them, carry on; nothing is rebuilt
 *       or re-bound. (The JDK server's {@code HttpsConfigurator} could do the same, but nothing
 *       else of it is fast.)
 *   <li>No new dependency where it matters: Quarkus applications (every Capstan controller) already
 *       run Vert.x; such an application passes its own instance in {@link WebhookServerOptions}.
 * </ul>
 *
 * <p>Requests: {@code POST} only (405 otherwise), bodies over {@link
 * AdmissionHandler#maxBodyBytes()} are refused with 413 as soon as the declared length or the bytes
 * received exceed it, without buffering the rest. Everything else is the handler's. Decisions run
 * on the event loop unless {@link WebhookServerOptions#offloadDecisions()}; {@link #close()} closes
 * open connections.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookServer.class);
  private static final long TIMEOUT_SECONDS = 30;
  private static final long LINGER_MILLIS = 2_000;
  private static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  // Vert.x shares one listening socket among servers that bind the same negative port, and picks a
  // free port for it; a distinct negative number per WebhookServer keeps two servers apart.
  private static final AtomicInteger EPHEMERAL_PORT_KEYS = new AtomicInteger();

  private final AdmissionHandler handler;
  private final WebhookServerOptions options;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private String deploymentId;
  private final RotatingKeyManager keyManager;
  private volatile ServingCertificate certificate;
  private int port;
  private boolean closed;

  private WebhookServer(
      AdmissionHandler handler, ServingCertificate certificate, WebhookServerOptions options) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.keyManager = new RotatingKeyManager(certificate);
    this.options = Objects.requireNonNull(options, "options");
    this.ownsVertx = options.vertx() == null;
    this.vertx = ownsVertx ? Vertx.vertx() : options.vertx();
  }

  /**
   * Binds and starts serving; returns once every event loop listens. Blocks: do not call it on an
   * event loop.
   */
  public static WebhookServer start(
      AdmissionHandler handler, ServingCertificate certificate, WebhookServerOptions options) {
    WebhookServer server = new WebhookServer(handler, certificate, options);
    try {
      server.listen();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void listen() {
    int bindPort =
        options.port() == 0
            ? -(EPHEMERAL_PORT_KEYS.incrementAndGet() % 100_000 + 1)
            : options.port();
    // One verticle instance per event loop, each with its own HTTP server on the same port: Vert.x
    // binds the socket once and balances accepted connections among them.
    deploymentId =
        await(
            vertx.deployVerticle(
                () -> new ServerVerticle(bindPort),
                new DeploymentOptions().setInstances(options.instances())),
            "listen on " + options.host() + ":" + options.port());
    port = servers.get(0).actualPort();
    LOGGER.info(
        "admission webhooks served on https://{}:{} ({} event loops)",
        options.host(),
        port,
        options.instances());
  }

  /** One server on one event loop. */
  private final class ServerVerticle extends AbstractVerticle {
    private final int bindPort;

    ServerVerticle(int bindPort) {
      this.bindPort = bindPort;
    }

    @Override
    public void start(Promise<Void> started) {
      HttpServer server =
          getVertx()
              .createHttpServer(serverOptions(bindPort))
              .requestHandler(WebhookServer.this::serve);
      server
          .listen()
          .onSuccess(
              listening -> {
                servers.add(listening);
                started.complete();
              })
          .onFailure(started::fail);
    }
  }

  /** The bound port (the chosen one when {@link WebhookServerOptions#port()} was 0). */
  public int port() {
    return port;
  }

  /** The key material presented to new connections. */
  public ServingCertificate certificate() {
    return certificate;
  }

  /**
   * Presents {@code next} to every connection made from now on; established connections keep theirs
   * and no request is refused or dropped. In effect when this returns; does not block.
   */
  public void updateCertificate(ServingCertificate next) {
    Objects.requireNonNull(next, "next");
    keyManager.update(next);
    certificate = next;
    LOGGER.info(
        "serving certificate {} (serial {}, valid until {})",
        next.leaf().getSubjectX500Principal().getName(),
        next.leaf().getSerialNumber().toString(16),
        next.leaf().getNotAfter().toInstant());
  }

  /** Stops listening and closes open connections; closes Vert.x if the server created it. */
  @Override
  public void close() {
    synchronized (servers) {
      if (closed) {
        return;
      }
      closed = true;
      if (deploymentId != null) {
        try {
          // Undeploying closes the servers and their connections.
          await(vertx.undeploy(deploymentId), "stop the server");
        } catch (RuntimeException e) {
          LOGGER.warn("stopping the webhook server failed", e);
        }
      }
      servers.clear();
      if (ownsVertx) {
        try {
          await(vertx.close(), "close Vert.x");
        } catch (RuntimeException e) {
          LOGGER.warn("closing Vert.x failed", e);
        }
      }
    }
  }

  private void serve(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader(HttpHeaders.ALLOW, "POST");
      send(request, HttpReply.error(405, "admission webhooks accept POST only"));
      return;
    }
    String path = request.path();
    if (!handler.serves(path)) {
      send(request, handler.handle(path, null));
      return;
    }
    int limit = handler.maxBodyBytes();
    long declared = declaredLength(request);
    if (declared > limit) {
      refuseTooLarge(request, declared);
      return;
    }
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 16 * 1024);
    boolean[] refused = {false};
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if ((long) body.length() + chunk.length() > limit) {
            refused[0] = true;
            refuseTooLarge(request, (long) body.length() + chunk.length());
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(e -> LOGGER.debug("admission request on {} failed", path, e));
    request.endHandler(
        ignored -> {
          if (!refused[0]) {
            decide(request, path, body.getBytes());
          }
        });
  }

  private void decide(HttpServerRequest request, String path, byte[] body) {
    if (!options.offloadDecisions()) {
      send(request, handler.handle(path, body));
      return;
    }
    vertx
        .executeBlocking(() -> handler.handle(path, body), false)
        .onComplete(
            result ->
                send(
                    request,
                    result.succeeded()
                        ? result.result()
                        : HttpReply.error(500, "admission handler failed: " + result.cause())));
  }

  private void refuseTooLarge(HttpServerRequest request, long size) {
    HttpReply reply = handler.tooLarge(size);
    // Never buffer the rest: discard it. Closing at once with unread bytes would make the kernel
    // reset the connection and the client might lose the 413, so an HTTP/1 connection is closed
    // when the request ends or after a short linger, whichever comes first.
    request.handler(ignored -> {});
    if (request.version() == HttpVersion.HTTP_2) {
      send(request, reply);
      return;
    }
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    send(request, reply)
        .onComplete(
            sent -> {
              if (request.isEnded()) {
                request.connection().close();
              } else {
                request.endHandler(ended -> request.connection().close());
                vertx.setTimer(LINGER_MILLIS, timer -> request.connection().close());
              }
            });
  }

  private static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Future<Void> send(HttpServerRequest request, HttpReply reply) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    try {
      return response
          .setStatusCode(reply.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
          .end(Buffer.buffer(reply.body()));
    } catch (IllegalStateException e) {
      // The client went away while the decision ran.
      LOGGER.debug("could not send the admission response", e);
      return Future.succeededFuture();
    }
  }

  private HttpServerOptions serverOptions(int bindPort) {
    return new HttpServerOptions()
        .setHost(options.host())
        .setPort(bindPort)
        .setSsl(true)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
        .setEnabledSecureTransportProtocols(TLS_PROTOCOLS)
        .setSslHandshakeTimeout(10)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
        .setIdleTimeout((int) Math.max(1, options.idleTimeout().toSeconds()))
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        .setHandle100ContinueAutomatically(true)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(250));
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "timed out after " + TIMEOUT_SECONDS + " s waiting to " + what, e);
    }
  }
}
