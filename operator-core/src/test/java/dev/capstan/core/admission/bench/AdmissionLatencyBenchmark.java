package dev.capstan.core.admission.bench;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Reviews;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateAuthority;
import dev.capstan.core.admission.tls.CertificateIssuer;
import dev.capstan.core.admission.tls.Pem;
import dev.capstan.core.admission.tls.ServingIdentity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: a latency measurement of the HTTPS path for a Pod validation, with N concurrent
 * clients each keeping one request in flight on its own connection (closed loop), client and server
 * in one JVM on loopback. Run with {@code java -cp <test classpath>
 * dev.capstan.core.admission.bench.AdmissionLatencyBenchmark [clients] [seconds] [h1|h2]}.
 */
public final class AdmissionLatencyBenchmark {

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    boolean h2 = args.length > 2 && args[2].equals("h2");
    CertificateIssuer issuer = new CertificateIssuer();
    CertificateAuthority ca = issuer.newCa("bench", Instant.now(), Duration.ofDays(1));
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(
                "/validate/pods",
                Pod.class,
                request -> {
                  for (Container c : request.object().getSpec().getContainers()) {
                    if (c.getSecurityContext() != null
                        && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())) {
                      return Decision.deny("privileged containers are not allowed");
                    }
                  }
                  return Decision.allow();
                })
            .build();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web-7d9f")
            .withNamespace("team-a")
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("registry.example/web:1.2.3")
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withAllowPrivilegeEscalation(false)
            .endSecurityContext()
            .addNewPort()
            .withContainerPort(8080)
            .endPort()
            .endContainer()
            .endSpec()
            .build();
    byte[] body = Reviews.create("bench", pod);
    try (WebhookServer server =
        WebhookServer.start(
            handler,
            issuer.newServingCertificate(
                ca,
                ServingIdentity.forIpAddresses("127.0.0.1"),
                Instant.now(),
                Duration.ofHours(1)),
            WebhookServerOptions.builder().host("127.0.0.1").port(0).build())) {
      Vertx vertx = Vertx.vertx();
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setSsl(true)
                  .setUseAlpn(h2)
                  .setProtocolVersion(h2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                  .setHttp2MaxPoolSize(Math.max(1, clients / 100))
                  .setTrustOptions(
                      new PemTrustOptions()
                          .addCertValue(
                              Buffer.buffer(Pem.encodeCertificates(List.of(ca.certificate())))))
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(server.port()),
              new PoolOptions()
                  .setHttp1MaxSize(clients)
                  .setHttp2MaxSize(Math.max(1, clients / 100)));
      System.out.printf(
          "%d clients, %s, warm-up 10 s, then %d s%n",
          clients, h2 ? "HTTP/2" : "HTTP/1.1", seconds);
      run(client, body, clients, 10);
      long[] latencies = run(client, body, clients, seconds);
      Arrays.sort(latencies);
      System.out.printf(
          "requests %d (%.0f/s)  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
          latencies.length,
          latencies.length / (double) seconds,
          pct(latencies, 0.50),
          pct(latencies, 0.90),
          pct(latencies, 0.99),
          pct(latencies, 0.999),
          latencies[latencies.length - 1] / 1e6);
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static long[] run(HttpClient client, byte[] body, int clients, int seconds)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[][] perClient = new long[clients][];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(clients);
    Buffer payload = Buffer.buffer(body);
    for (int c = 0; c < clients; c++) {
      int id = c;
      perClient[id] = new long[1024];
      int[] count = {0};
      Runnable[] next = new Runnable[1];
      next[0] =
          () -> {
            if (System.nanoTime() >= end) {
              perClient[id] = Arrays.copyOf(perClient[id], count[0]);
              done.countDown();
              return;
            }
            long start = System.nanoTime();
            client
                .request(HttpMethod.POST, "/validate/pods")
                .compose(req -> req.putHeader("content-type", "application/json").send(payload))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(
                    ar -> {
                      if (ar.failed() || ar.result() != 200) {
                        errors.incrementAndGet();
                      } else {
                        if (count[0] == perClient[id].length) {
                          perClient[id] = Arrays.copyOf(perClient[id], count[0] * 2);
                        }
                        perClient[id][count[0]++] = System.nanoTime() - start;
                      }
                      next[0].run();
                    });
          };
      next[0].run();
    }
    done.await(seconds + 60L, TimeUnit.SECONDS);
    if (errors.get() > 0) {
      System.out.println("errors: " + errors.get());
    }
    return Arrays.stream(perClient).flatMapToLong(Arrays::stream).toArray();
  }
}
