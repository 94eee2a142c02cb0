package dev.capstan.e2e.bench;

import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.workloads.application.DesiredDeployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the workload controller on the real local control plane, printed as numbers (a
 * harness, not a test). For each N it measures, in one run:
 *
 * <ol>
 *   <li>the ceiling: the same child objects server-side applied directly with fabric8 at the same
 *       concurrency;
 *   <li>the controller (its jar, as users run it): seconds until all N Applications are Ready,
 *       children applied per second, apiserver requests per Application and per reconcile;
 *   <li>a second pass (a restarted controller re-reconciles everything): writes, which must be 0;
 *   <li>the controller's peak RSS.
 * </ol>
 *
 * <p>Run: {@code src-test-e2e/bench/application-benchmark.sh [N ...]} (default 100 1000).
 */
public final class ApplicationBenchmark {

  private static final int CONCURRENCY = 10;
  private static final List<String> COUNTED = List.of("applications", "deployments");

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100, 1000);
    }
    SharedCluster cluster = SharedCluster.get();
    try (KubernetesClient client = cluster.newClient()) {
      Crds.installAll(client);
      System.out.printf(
          "%-6s %12s %12s %8s %12s %12s %10s %12s %10s %10s%n",
          "N",
          "ceiling/s",
          "capstan/s",
          "ratio",
          "ready s",
          "req/app",
          "req/rec",
          "2nd-writes",
          "rss MiB",
          "children");
      for (int n : sizes) {
        run(client, cluster.kubeconfig(), n);
      }
    }
    System.exit(0);
  }

  private static void run(KubernetesClient client, Path kubeconfig, int n) throws Exception {
    int childrenPerApp = DesiredChildren.of(application("probe", "x")).size();

    String ceilingNs = TestNamespaces.uniqueName("bench-ceiling");
    TestNamespaces.create(client, ceilingNs);
    long start = System.nanoTime();
    applyAll(client, ceilingNs, n);
    double ceilingSeconds = seconds(start);
    client.namespaces().withName(ceilingNs).delete();

    String ns = TestNamespaces.uniqueName("bench-capstan");
    TestNamespaces.create(client, ns);
    int port = freePort();
    Operator operator = Operator.start(kubeconfig, port);
    try {
      operator.awaitStarted();
      long requestsBefore = requests(client, false);
      long t0 = System.nanoTime();
      createApplications(client, ns, n);
      awaitAllChildren(client, ns, n);
      double appliedSeconds = seconds(t0);
      awaitAllReady(client, ns, n);
      double readySeconds = seconds(t0);
      long requests = requests(client, false) - requestsBefore;
      double reconciles = operator.reconciles();
      long rss = operator.peakRssKiB();
      operator.stop();

      // Second pass: a fresh controller re-reconciles every Application; nothing changed, so
      // nothing is written.
      long writesBefore = requests(client, true);
      Operator second = Operator.start(kubeconfig, port);
      try {
        second.awaitStarted();
        second.awaitReconciles(n);
        second.awaitQuiet();
        long secondWrites = requests(client, true) - writesBefore;
        double ceilingRate = n * childrenPerApp / ceilingSeconds;
        double capstanRate = n * childrenPerApp / appliedSeconds;
        System.out.printf(
            Locale.ROOT,
            "%-6d %12.1f %12.1f %7.0f%% %12.1f %12.1f %10.1f %12d %10.0f %10d%n",
            n,
            ceilingRate,
            capstanRate,
            100 * capstanRate / ceilingRate,
            readySeconds,
            (double) requests / n,
            requests / Math.max(1, reconciles),
            secondWrites,
            rss / 1024.0,
            childrenPerApp);
      } finally {
        second.stop();
      }
    } finally {
      operator.stop();
      client.namespaces().withName(ns).delete();
    }
  }

  private static void applyAll(KubernetesClient client, String ns, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Application app = application("app-" + i, ns);
        for (HasMetadata child : DesiredChildren.of(app)) {
          futures.add(
              pool.submit(
                  () ->
                      client
                          .resource(child)
                          .fieldManager("bench-ceiling")
                          .forceConflicts()
                          .serverSideApply()));
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void createApplications(KubernetesClient client, String ns, int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Application app = application("app-" + i, ns);
        futures.add(pool.submit(() -> client.resource(app).create()));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Until the controller has applied every Application's children (Deployments exist). */
  private static void awaitAllChildren(KubernetesClient client, String ns, int n) {
    await("all " + n + " Deployments applied")
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> client.apps().deployments().inNamespace(ns).list().getItems().size() >= n);
  }

  private static void awaitAllReady(KubernetesClient client, String ns, int n) {
    await("all " + n + " Applications Ready")
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                client.resources(Application.class).inNamespace(ns).list().getItems().stream()
                        .filter(
                            a ->
                                a.getStatus() != null
                                    && Conditions.isTrue(
                                        a.getStatus().getConditions(), Conditions.READY))
                        .count()
                    == n);
  }

  /** apiserver requests (or only writes) on the resources the controller touches. */
  private static long requests(KubernetesClient client, boolean writesOnly) {
    long total = 0;
    for (String resource : COUNTED) {
      for (String sub : List.of("", "status")) {
        total +=
            writesOnly
                ? ApiServerRequests.writes(client, resource, sub)
                : ApiServerRequests.all(client, resource, sub);
      }
    }
    return total;
  }

  static Application application(String name, String ns) {
    ApplicationPort port = new ApplicationPort();
    port.setName("http");
    port.setContainerPort(8080);
    ApplicationContainer container = new ApplicationContainer();
    container.setName("app");
    container.setImage("registry.example/bench:1.0");
    container.setPorts(List.of(port));
    ApplicationSpec spec = new ApplicationSpec();
    spec.setReplicas(1);
    spec.setContainers(List.of(container));
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    app.setSpec(spec);
    return app;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The children the controller renders for an Application, from the controller's own pure
   * functions.
   */
  static final class DesiredChildren {
    static List<HasMetadata> of(Application app) {
      return List.of(DesiredDeployment.of(app));
    }
  }

  /** The workload controller as a process, as users run it. */
  static final class Operator {
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Operator(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Operator start(Path kubeconfig, int port) throws IOException {
      Path jar =
          ProjectLayout.root().resolve("workload-controllers/target/quarkus-app/quarkus-run.jar");
      Path log = Files.createTempFile("capstan-bench-operator-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      return new Operator(builder.start(), port);
    }

    void awaitStarted() {
      await("the controller ready")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "the controller exited with " + process.exitValue());
                }
                return get("/q/health/ready").statusCode() == 200;
              });
    }

    double reconciles() throws IOException, InterruptedException {
      double total = 0;
      for (String line : get("/q/metrics").body().split("\n")) {
        if (line.startsWith("operator_sdk_reconciliations_success_total")) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return total;
    }

    void awaitReconciles(int n) {
      await(n + " reconciles")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> reconciles() >= n);
    }

    /** Until the reconcile count stays put for one 2-second poll interval. */
    void awaitQuiet() {
      double[] last = {-1};
      await("the controller quiet")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                double now = reconciles();
                boolean quiet = now == last[0];
                last[0] = now;
                return quiet;
              });
    }

    long peakRssKiB() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    void stop() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        process.waitFor();
      }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
