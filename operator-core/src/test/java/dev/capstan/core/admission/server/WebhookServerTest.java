package dev.capstan.core.admission.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Reviews;
import dev.capstan.core.admission.tls.CertificateAuthority;
import dev.capstan.core.admission.tls.CertificateIssuer;
import dev.capstan.core.admission.tls.ServingCertificate;
import dev.capstan.core.admission.tls.ServingIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookServerTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final CertificateAuthority ca =
      issuer.newCa("test-ca", Instant.now(), Duration.ofDays(1));
  private final Set<String> decisionThreads = ConcurrentHashMap.newKeySet();
  private final AdmissionHandler handler =
      AdmissionHandler.builder()
          .validating(
              "/validate",
              ConfigMap.class,
              request -> {
                decisionThreads.add(Thread.currentThread().getName());
                return request.object().getData().containsKey("forbidden")
                    ? Decision.deny("no forbidden keys")
                    : Decision.allow();
              })
          .validating(
              "/boom",
              ConfigMap.class,
              request -> {
                throw new IllegalStateException("boom");
              })
          .maxBodyBytes(256 * 1024)
          .build();
  private WebhookServer server;

  private ServingCertificate serving(CertificateAuthority signer) {
    return issuer.newServingCertificate(
        signer, ServingIdentity.forIpAddresses("127.0.0.1"), Instant.now(), Duration.ofHours(1));
  }

  private WebhookServer start(WebhookServerOptions.Builder options) {
    return WebhookServer.start(handler, serving(ca), options.host("127.0.0.1").port(0).build());
  }

  @BeforeEach
  void startServer() {
    server = start(WebhookServerOptions.builder().instances(2));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> post(HttpClient client, String path, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static AdmissionResponse response(HttpResponse<String> reply) {
    return JSON.unmarshal(
            reply.body(), io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview.class)
        .getResponse();
  }

  private static byte[] review(String uid, Map<String, String> data) {
    return Reviews.create(uid, Reviews.configMap("cm", data));
  }

  @Test
  void servesReviewsOverHttp2AndHttp11OnAnEphemeralPort() throws Exception {
    assertThat(server.port()).isPositive();
    for (HttpClient.Version version :
        List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
      HttpClient client = TlsClients.client(List.of(ca.certificate()), version);

      HttpResponse<String> allowed =
          post(client, "/validate", review("u-" + version, Map.of("a", "b")));
      HttpResponse<String> denied =
          post(client, "/validate", review("d-" + version, Map.of("forbidden", "x")));

      assertThat(allowed.version()).isEqualTo(version);
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.headers().firstValue("content-type")).contains("application/json");
      assertThat(response(allowed).getUid()).isEqualTo("u-" + version);
      assertThat(response(allowed).getAllowed()).isTrue();
      assertThat(response(denied).getAllowed()).isFalse();
      assertThat(response(denied).getStatus().getMessage()).isEqualTo("no forbidden keys");
    }
  }

  @Test
  void badRequestsGetClearStatusesAndTheServerKeepsServing() throws Exception {
    HttpClient client = TlsClients.client(List.of(ca.certificate()), HttpClient.Version.HTTP_1_1);

    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(uri("/validate")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).contains("POST");

    assertThat(post(client, "/nowhere", review("u", Map.of())).statusCode()).isEqualTo(404);

    HttpResponse<String> malformed = post(client, "/validate", "{nope".getBytes());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("malformed JSON");

    HttpResponse<String> boom = post(client, "/boom", review("b", Map.of()));
    assertThat(boom.statusCode()).isEqualTo(200);
    assertThat(response(boom).getStatus().getCode()).isEqualTo(500);

    assertThat(response(post(client, "/validate", review("after", Map.of()))).getUid())
        .isEqualTo("after");
  }

  @Test
  void oversizedBodiesAreRefusedWith413DeclaredOrStreamed() throws Exception {
    byte[] big = new byte[300 * 1024];
    for (HttpClient.Version version :
        List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
      HttpClient client = TlsClients.client(List.of(ca.certificate()), version);

      HttpResponse<String> declared = post(client, "/validate", big);
      assertThat(declared.statusCode()).as("declared, " + version).isEqualTo(413);
      assertThat(declared.body()).contains("exceeds the limit of 262144");

      HttpResponse<String> streamed =
          client.send(
              HttpRequest.newBuilder(uri("/validate"))
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(streamed.statusCode()).as("streamed, " + version).isEqualTo(413);
    }
    HttpClient fresh = TlsClients.client(List.of(ca.certificate()), HttpClient.Version.HTTP_1_1);
    assertThat(post(fresh, "/validate", review("ok", Map.of())).statusCode()).isEqualTo(200);
  }

  @Test
  void connectionsAreSpreadOverTheEventLoops() throws Exception {
    for (int i = 0; i < 8; i++) {
      // A new client is a new connection.
      post(
          TlsClients.client(List.of(ca.certificate()), HttpClient.Version.HTTP_1_1),
          "/validate",
          review("u" + i, Map.of()));
    }
    assertThat(decisionThreads).hasSize(2).allMatch(name -> name.contains("eventloop"));
  }

  @Test
  void blockingDecisionsCanBeOffloadedToWorkers() throws Exception {
    server.close();
    server = start(WebhookServerOptions.builder().instances(1).offloadDecisions(true));

    post(
        TlsClients.client(List.of(ca.certificate()), HttpClient.Version.HTTP_2),
        "/validate",
        review("w", Map.of()));

    assertThat(decisionThreads).singleElement().asString().contains("worker");
  }

  @Test
  void twoServersOnOneVertxWithPortZeroDoNotShareASocket() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      try (WebhookServer a = start(WebhookServerOptions.builder().vertx(vertx).instances(2));
          WebhookServer b = start(WebhookServerOptions.builder().vertx(vertx).instances(2))) {
        assertThat(a.port()).isNotEqualTo(b.port());
        assertThat(vertx.deploymentIDs()).hasSize(2);
      }
      // Closing a server undeploys it but leaves a Vert.x it was given running.
      assertThat(vertx.deploymentIDs()).isEmpty();
      assertThat(vertx.setTimer(1, id -> {})).isNotNegative();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void certificateSwapAppliesToNewConnectionsAndKeepsEstablishedOnes() throws Exception {
    CertificateAuthority nextCa = issuer.newCa("next-ca", Instant.now(), Duration.ofDays(1));
    HttpClient established =
        TlsClients.client(
            List.of(ca.certificate(), nextCa.certificate()), HttpClient.Version.HTTP_2);
    HttpResponse<String> before = post(established, "/validate", review("1", Map.of()));
    X509Certificate first =
        (X509Certificate) before.sslSession().orElseThrow().getPeerCertificates()[0];

    ServingCertificate next = serving(nextCa);
    server.updateCertificate(next);

    HttpResponse<String> sameConnection = post(established, "/validate", review("2", Map.of()));
    assertThat(sameConnection.statusCode()).isEqualTo(200);
    assertThat(sameConnection.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(first);

    HttpClient fresh = TlsClients.client(List.of(nextCa.certificate()), HttpClient.Version.HTTP_2);
    HttpResponse<String> after = post(fresh, "/validate", review("3", Map.of()));
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(next.leaf());
    assertThat(server.certificate()).isEqualTo(next);
  }

  @Test
  void swappingCertificatesUnderLoadLosesNoRequest() throws Exception {
    List<X509Certificate> trusted = List.of(ca.certificate());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<?>> loops = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int thread = t;
      loops.add(
          clients.submit(
              () -> {
                HttpClient keepAlive =
                    TlsClients.client(
                        trusted,
                        thread % 2 == 0 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
                int i = 0;
                while (running.get()) {
                  // Odd iterations use a new connection, so handshakes race with the swaps.
                  HttpClient client =
                      i % 2 == 0
                          ? keepAlive
                          : TlsClients.client(trusted, HttpClient.Version.HTTP_1_1);
                  try {
                    HttpResponse<String> reply =
                        post(client, "/validate", review(thread + "-" + i, Map.of()));
                    if (reply.statusCode() == 200 && response(reply).getAllowed()) {
                      ok.incrementAndGet();
                    } else {
                      failures.add(reply.statusCode() + " " + reply.body());
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                  i++;
                }
              }));
    }
    try {
      for (int swap = 0; swap < 5; swap++) {
        int before = ok.get();
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ok.get() > before + 20);
        server.updateCertificate(serving(ca));
      }
    } finally {
      running.set(false);
      for (Future<?> loop : loops) {
        loop.get();
      }
      clients.shutdown();
    }
    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(100);
  }
}
