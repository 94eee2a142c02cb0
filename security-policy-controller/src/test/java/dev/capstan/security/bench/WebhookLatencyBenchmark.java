package dev.capstan.security.bench;

import dev.capstan.core.admission.AdmissionHandler;
import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.server.WebhookServer;
import dev.capstan.core.admission.server.WebhookServerOptions;
import dev.capstan.core.admission.tls.CertificateAuthority;
import dev.capstan.core.admission.tls.CertificateIssuer;
import dev.capstan.core.admission.tls.Pem;
import dev.capstan.core.admission.tls.ServingIdentity;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.UseAuthorizer;
import dev.capstan.security.webhook.PodAdmission;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Not a test: issue 7's admission benchmark. The security webhooks (mutating and validating Pod
 * CREATE with 20 policies, the winner last in priority order) served over HTTPS by operator-core's
 * WebhookServer exactly as the controller configures it (decisions offloaded from the event loop),
 * against an allow-all handler on the same server as the baseline, at 1, 50 and 200 closed-loop
 * clients on loopback, one connection each. Baseline and Capstan take turns in one-second slices,
 * so a noisy neighbour hits both. Prints p50/p99, throughput, the ratio to the baseline, and RSS.
 * Run with {@code java -cp <test classpath> dev.capstan.security.bench.WebhookLatencyBenchmark
 * [seconds] [clients...]}.
 */
public final class WebhookLatencyBenchmark {

  /** A request unanswered this long is a failure (the apiserver's webhook timeout is 10 s). */
  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

  /** TLS connections opened at the same time while the clients start (see {@link #run}). */
  private static final int CONCURRENT_HANDSHAKES = 4;

  private static final String ALLOW = "/allow";
  private static final String MUTATE = "/mutate";
  private static final String VALIDATE = "/validate";

  /** Exits non-zero on a failed run: Vert.x's threads would otherwise keep the JVM alive. */
  public static void main(String[] args) {
    try {
      bench(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void bench(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int[] clientCounts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 50, 200};
    List<PodSecurityPolicy> policies = policies(); // as the informer cache holds them
    PodAdmission admission =
        new PodAdmission(() -> policies, ns -> Map.of("team", "a"), () -> UseAuthorizer.NONE);
    AdmissionHandler handler =
        AdmissionHandler.builder()
            .validating(ALLOW, Pod.class, request -> Decision.allow())
            .mutating(MUTATE, Pod.class, admission::mutate)
            .validating(VALIDATE, Pod.class, admission::validate)
            .build();
    CertificateIssuer issuer = new CertificateIssuer();
    CertificateAuthority ca = issuer.newCa("bench", Instant.now(), Duration.ofDays(1));
    byte[] body = review(pod());
    try (WebhookServer server =
        WebhookServer.start(
            handler,
            issuer.newServingCertificate(
                ca,
                ServingIdentity.forIpAddresses("127.0.0.1"),
                Instant.now(),
                Duration.ofHours(1)),
            WebhookServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .offloadDecisions(!Boolean.getBoolean("bench.onEventLoop"))
                .build())) {
      Vertx vertx = Vertx.vertx();
      System.out.printf(
          "Pod CREATE, 20 policies (%s defaults), %s on loopback, %d s per run after a %d s"
              + " warm-up%n",
          Boolean.getBoolean("bench.distinctDefaults") ? "distinct" : "shared",
          HTTP2
              ? "HTTP/2 over one TLS connection (as the apiserver calls webhooks)"
              : "HTTPS/1.1, a connection per client",
          seconds,
          Math.max(3, seconds / 2));
      System.out.printf(
          "%-8s %-9s %9s %9s %9s %10s%n",
          "clients", "path", "p50 ms", "p99 ms", "req/s", "p99/base");
      for (int clients : clientCounts) {
        List<VirtualClient> client = clients(vertx, ca, server.port(), clients);
        long connecting = System.nanoTime();
        run(vertx, client, ALLOW, body, clients, 0, true);
        System.out.printf(
            "# %d connections opened, %d at a time, in %.1f s%n",
            clients,
            Math.min(CONCURRENT_HANDSHAKES, clients),
            (System.nanoTime() - connecting) / 1e9);
        for (String path : List.of(ALLOW, MUTATE, VALIDATE)) {
          run(vertx, client, path, body, clients, Math.max(3, seconds / 2), false); // warm-up
        }
        // The measured time is cut into one-second slices and the paths take turns, in a rotating
        // order: a noisy neighbour's burst of a few seconds then hits every path, not only one.
        Map<String, List<long[]>> slices = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>(List.of(ALLOW, MUTATE, VALIDATE));
        for (int slice = 0; slice < seconds; slice++) {
          for (String path : paths) {
            slices
                .computeIfAbsent(path, p -> new ArrayList<>())
                .add(run(vertx, client, path, body, clients, 1, false));
          }
          Collections.rotate(paths, 1);
        }
        double baseP99 = 0;
        for (String path : List.of(ALLOW, MUTATE, VALIDATE)) {
          long[] latencies = slices.get(path).stream().flatMapToLong(Arrays::stream).toArray();
          Arrays.sort(latencies);
          double p99 = pct(latencies, 0.99);
          if (path.equals(ALLOW)) {
            baseP99 = p99;
          }
          System.out.printf(
              "%-8d %-9s %9.2f %9.2f %9.0f %10s%n",
              clients,
              path.equals(ALLOW) ? "allow-all" : path.substring(1),
              pct(latencies, 0.50),
              p99,
              latencies.length / (double) seconds,
              path.equals(ALLOW) ? "1.00" : String.format("%.2f", p99 / baseP99));
        }
        for (VirtualClient c : client) {
          c.http().close().toCompletionStage().toCompletableFuture().get(); // idempotent
        }
      }
      System.out.printf("RSS (server and clients in one JVM): %d MiB%n", rssMiB());
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /**
   * 19 restricted policies that deny the pod, then the one that admits it. They share their
   * defaults, so a mutating decision defaults the pod once for all 19; with {@code
   * -Dbench.distinctDefaults=true} each defaults its own runAsGroup, the worst case (19 copies).
   */
  private static List<PodSecurityPolicy> policies() {
    boolean distinct = Boolean.getBoolean("bench.distinctDefaults");
    List<PodSecurityPolicy> policies = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      policies.add(
          Fixtures.policy(
              "restricted-" + i,
              "priority: "
                  + (100 - i)
                  + "\nbase: {level: restricted}\nallowPrivilegeEscalation: false\n"
                  + (distinct
                      ? "runAsGroup: {rule: MustRunAs, ranges: [{min: "
                          + (1000 + i)
                          + ", max: 65535}]}\n"
                      : "")));
    }
    policies.add(Fixtures.permissive("baseline-last", "privileged: false\npriority: 1\n"));
    return policies;
  }

  private static Pod pod() {
    Pod pod =
        Fixtures.pod(
            "containers: [{name: app, image: app:1, securityContext: {runAsUser: 0}},"
                + " {name: sidecar, image: proxy:2}]");
    pod.getMetadata().setNamespace("team-a");
    return pod;
  }

  private static byte[] review(Pod pod) {
    AdmissionRequest request = new AdmissionRequest();
    request.setUid("bench");
    request.setKind(new GroupVersionKind("", "Pod", "v1"));
    request.setResource(new GroupVersionResource("", "pods", "v1"));
    request.setRequestKind(new GroupVersionKind("", "Pod", "v1"));
    request.setRequestResource(new GroupVersionResource("", "pods", "v1"));
    request.setName(pod.getMetadata().getName());
    request.setNamespace("team-a");
    request.setOperation("CREATE");
    UserInfo user = new UserInfo();
    user.setUsername("alice");
    user.setGroups(List.of("system:authenticated"));
    request.setUserInfo(user);
    request.setObject(pod);
    request.setDryRun(false);
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion("admission.k8s.io/v1");
    review.setKind("AdmissionReview");
    review.setRequest(request);
    return Fixtures.YAML.asJson(review).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One closed-loop client: its own connection (an HTTP client with a pool of one) and its own
   * Vert.x context, on whose event loop the connection lives and every request is made.
   *
   * <p>Why not one pooled client for all: a response is then often handled on the event loop of the
   * connection that carried it, not on the context that made the request, and Vert.x 4.5.22 (the
   * version Quarkus pins) can drop a response's end when it arrives before {@code body()} was
   * called from the other thread (eclipse-vertx/vert.x#6038, fixed after 4.5.22 by #6072): the body
   * future never completes, and the run used to "lose" a request that the server had answered (the
   * watchdog below reported it as stuck reading the body of a 200 response). With each client on
   * its own connection and context there is no second thread.
   */
  record VirtualClient(HttpClient http, Context context) {}

  /**
   * {@code -Dbench.http2=true}: every client is a stream of one HTTP/2 connection, as the
   * apiserver's Go client multiplexes up to 250 concurrent webhook calls on one connection; all
   * clients then share its context, so no response crosses threads (see {@link VirtualClient}).
   */
  private static final boolean HTTP2 = Boolean.getBoolean("bench.http2");

  private static List<VirtualClient> clients(
      Vertx vertx, CertificateAuthority ca, int port, int clients) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setTrustOptions(
                new PemTrustOptions()
                    .addCertValue(Buffer.buffer(Pem.encodeCertificates(List.of(ca.certificate())))))
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port)
            // a round lasts longer than the default 60 s keep-alive; a connection closed and
            // reopened in the middle of a measured run would be timed as a handshake
            .setKeepAliveTimeout(600);
    List<VirtualClient> all = new ArrayList<>();
    if (HTTP2) {
      options
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setUseAlpn(true)
          .setHttp2KeepAliveTimeout(600)
          .setHttp2MultiplexingLimit(250);
      Context context = vertx.getOrCreateContext();
      HttpClient shared = vertx.createHttpClient(options, new PoolOptions().setHttp2MaxSize(1));
      for (int i = 0; i < clients; i++) {
        all.add(new VirtualClient(shared, context));
      }
      return all;
    }
    for (int i = 0; i < clients; i++) {
      // called on the main thread: every call makes a new context, on the next event loop
      Context context = vertx.getOrCreateContext();
      all.add(
          new VirtualClient(
              vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1)), context));
    }
    return all;
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /**
   * Closed loop: each client sends its next request when the previous answer arrived.
   *
   * <p>With {@code connect}, clients start {@link #CONCURRENT_HANDSHAKES} at a time: each further
   * client starts when an earlier one got its first answer, so the pool opens its connections a few
   * at a time. Starting all clients at once makes the pool open one TLS connection per client in
   * the same instant; every handshake then advances a step per turn of the two event loops and they
   * all finish together, after 1.6 s (warm JVM, idle machine) to 9.5 s (cold JVM, loaded machine)
   * for 200 clients, which is how the run used to lose a request now and then: a connection not
   * ready within {@link #REQUEST_TIMEOUT_MILLIS}. The apiserver never does this (it keeps a few
   * HTTP/2 connections), so what is measured is admission, not a handshake storm.
   */
  private static long[] run(
      Vertx vertx,
      List<VirtualClient> client,
      String path,
      byte[] body,
      int clients,
      int seconds,
      boolean connect)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[][] perClient = new long[clients][];
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger answeredClients = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(clients);
    Buffer payload = Buffer.buffer(body);
    // while connecting, clients keep their requests going until every client has been answered
    // once,
    // so that the pool holds one connection per client when the timed runs start
    BooleanSupplier over =
        connect ? () -> answeredClients.get() >= clients : () -> System.nanoTime() >= end;
    Runnable[] starts = new Runnable[clients];
    AtomicInteger nextToStart = new AtomicInteger();
    Runnable startNext =
        () -> {
          int c = nextToStart.getAndIncrement();
          if (c < clients) {
            client.get(c).context().runOnContext(v -> starts[c].run());
          }
        };
    for (int c = 0; c < clients; c++) {
      int id = c;
      perClient[id] = new long[1024];
      int[] count = {0};
      boolean[] answered = {false};
      Runnable[] next = new Runnable[1];
      next[0] =
          () -> {
            if (over.getAsBoolean()) {
              perClient[id] = Arrays.copyOf(perClient[id], count[0]);
              done.countDown();
              return;
            }
            long start = System.nanoTime();
            inFlight.incrementAndGet();
            // Which step a request is at, for the report when one is never answered.
            AtomicReference<String> step = new AtomicReference<>("waiting for a connection");
            AtomicBoolean settled = new AtomicBoolean();
            Handler<AsyncResult<Boolean>> complete =
                ar -> {
                  if (!settled.compareAndSet(false, true)) {
                    return;
                  }
                  inFlight.decrementAndGet();
                  if (ar.failed() || !ar.result()) {
                    if (errors.incrementAndGet() == 1) {
                      System.out.println(
                          "first failure on "
                              + path
                              + ": "
                              + (ar.failed() ? ar.cause() : "not allowed"));
                    }
                  } else {
                    if (count[0] == perClient[id].length) {
                      perClient[id] = Arrays.copyOf(perClient[id], count[0] * 2);
                    }
                    perClient[id][count[0]++] = System.nanoTime() - start;
                  }
                  if (!answered[0]) {
                    answered[0] = true;
                    answeredClients.incrementAndGet();
                    if (connect) {
                      startNext.run();
                    }
                  }
                  next[0].run();
                };
            // Vert.x's own timeouts each cover one step; this one covers the whole request.
            long watchdog =
                vertx.setTimer(
                    REQUEST_TIMEOUT_MILLIS + 1_000,
                    t ->
                        complete.handle(
                            Future.failedFuture(
                                "no answer after "
                                    + (REQUEST_TIMEOUT_MILLIS + 1_000)
                                    + " ms, stuck "
                                    + step.get())));
            client
                .get(id)
                .http()
                .request(
                    new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setURI(path)
                        .setConnectTimeout(REQUEST_TIMEOUT_MILLIS)
                        .setIdleTimeout(REQUEST_TIMEOUT_MILLIS))
                .compose(
                    req -> {
                      step.set(
                          "sending on connection "
                              + Integer.toHexString(System.identityHashCode(req.connection())));
                      return req.putHeader("content-type", "application/json").send(payload);
                    })
                .compose(
                    resp -> {
                      step.set("reading the response body (status " + resp.statusCode() + ")");
                      return resp.body().map(b -> allowed(resp.statusCode(), b));
                    })
                .onComplete(
                    ar -> {
                      vertx.cancelTimer(watchdog);
                      complete.handle(ar);
                    });
          };
      starts[id] = next[0];
    }
    int initial = connect ? Math.min(CONCURRENT_HANDSHAKES, clients) : clients;
    for (int c = 0; c < initial; c++) {
      startNext.run();
    }
    if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "clients did not finish within 60 s of the deadline: "
              + done.getCount()
              + " still running, "
              + inFlight.get()
              + " requests unanswered");
    }
    if (errors.get() > 0) {
      throw new IllegalStateException(errors.get() + " requests failed or were denied on " + path);
    }
    return Arrays.stream(perClient).flatMapToLong(Arrays::stream).toArray();
  }

  /** The bench's pod is admitted by the last policy: a denial would mean the wrong path ran. */
  private static boolean allowed(int status, Buffer body) {
    return status == 200 && body.toString().contains("\"allowed\":true");
  }

  private static long rssMiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
