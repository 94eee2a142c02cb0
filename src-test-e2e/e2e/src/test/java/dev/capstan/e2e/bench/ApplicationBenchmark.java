package dev.capstan.e2e.bench;

import static org.awaitility.Awaitility.await;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationAutoscaling;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationDisruptionBudget;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import dev.capstan.crds.workloads.v1alpha1.ApplicationService;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.SharedCluster;
import dev.capstan.workloads.application.DesiredAutoscaler;
import dev.capstan.workloads.application.DesiredConfigMap;
import dev.capstan.workloads.application.DesiredDeployment;
import dev.capstan.workloads.application.DesiredDisruptionBudget;
import dev.capstan.workloads.application.DesiredService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>Both the ceiling and the controller first run a warm-up round ({@code BENCH_WARMUP}
 * Applications, default 100) in a namespace that is deleted before the timed round.
 *
 * <p>Run: {@code src-test-e2e/bench/application-benchmark.sh [N ...]} (default 100 1000).
 */
public final class ApplicationBenchmark {

  private static final int CONCURRENCY = 10;

  /** A namespace of 1000 Applications' children and pods takes minutes to go. */
  private static final Duration NAMESPACE_GONE = Duration.ofMinutes(5);

  /**
   * Applications of a first round (the ceiling's: their children) before each timed one, not
   * counted: env {@code BENCH_WARMUP}, default 100, 0 for none.
   */
  private static final int WARMUP =
      Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "100"));

  /** Lists served from the apiserver's watch cache, not etcd: polling must not load the server. */
  private static final ListOptions FROM_WATCH_CACHE =
      new ListOptionsBuilder().withResourceVersion("0").build();

  private static final List<String> COUNTED =
      List.of(
          "applications",
          "deployments",
          "configmaps",
          "services",
          "horizontalpodautoscalers",
          "poddisruptionbudgets");

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

    if (WARMUP > 0) {
      // the bench's own client warms up as much as the controller does below
      String warmNs = TestNamespaces.uniqueName("bench-ceiling-warmup");
      TestNamespaces.create(client, warmNs);
      applyAll(client, warmNs, WARMUP);
      TestNamespaces.deleteAndAwait(client, warmNs, NAMESPACE_GONE);
    }
    String ceilingNs = TestNamespaces.uniqueName("bench-ceiling");
    TestNamespaces.create(client, ceilingNs);
    long start = System.nanoTime();
    applyAll(client, ceilingNs, n);
    double ceilingSeconds = seconds(start);
    // The namespace's deletion must not compete with the controller's run (nor hold Service IPs).
    TestNamespaces.deleteAndAwait(client, ceilingNs, NAMESPACE_GONE);

    String ns = TestNamespaces.uniqueName("bench-capstan");
    TestNamespaces.create(client, ns);
    int port = freePort();
    Operator operator = Operator.start(kubeconfig, port);
    try {
      operator.awaitStarted();
      if (WARMUP > 0) {
        // A controller runs for days: the first Applications after start-up would also measure
        // the JVM compiling the reconcile path. Timed apart, then removed before the timed round.
        String warmNs = TestNamespaces.uniqueName("bench-capstan-warmup");
        TestNamespaces.create(client, warmNs);
        long w0 = System.nanoTime();
        createApplications(client, warmNs, WARMUP);
        awaitAllChildren(client, warmNs, WARMUP);
        System.out.printf(
            Locale.ROOT,
            "  warm-up round, N=%d after start-up: all children applied in %.1f s%n",
            WARMUP,
            seconds(w0));
        TestNamespaces.deleteAndAwait(client, warmNs, NAMESPACE_GONE);
        operator.awaitQuiet();
      }
      Map<String, Double> requestsAtStart = operator.apiRequests();
      double reconcilesAtStart = operator.reconciles();
      long requestsBefore = requests(client);
      double controllerCpuBefore = operator.cpuSeconds();
      long[] machineBefore = MachineCpu.ticks();
      long t0 = System.nanoTime();
      createApplications(client, ns, n);
      awaitAllChildren(client, ns, n);
      double appliedSeconds = seconds(t0);
      double controllerCpu = operator.cpuSeconds() - controllerCpuBefore;
      double machineBusy = MachineCpu.busyShare(machineBefore, MachineCpu.ticks());
      awaitAllReady(client, ns, n);
      double readySeconds = seconds(t0);
      long requests = requests(client) - requestsBefore;
      double reconciles = operator.reconciles() - reconcilesAtStart;
      long rss = operator.peakRssKiB();
      Map<String, Double> byRequest = new TreeMap<>(operator.apiRequests());
      requestsAtStart.forEach((request, count) -> byRequest.merge(request, -count, Double::sum));
      byRequest.values().removeIf(count -> count == 0);
      operator.stop();

      // Second pass: a fresh controller re-reconciles every Application; nothing changed, so
      // nothing is written.
      Operator second = Operator.start(kubeconfig, port);
      try {
        second.awaitStarted();
        second.awaitReconciles(n);
        second.awaitQuiet();
        // Counted by the controller's own client metrics: the apiserver's counters also see
        // kube-controller-manager writing Deployment and HPA status.
        long secondWrites = Math.round(second.writes());
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
        System.out.printf(
            Locale.ROOT,
            "  until all children applied (%.1f s): controller CPU %.1f s (%.0f%% of one core);"
                + " machine %.0f%% busy (%d cores)%n",
            appliedSeconds,
            controllerCpu,
            100 * controllerCpu / appliedSeconds,
            100 * machineBusy,
            Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  the controller's requests per Application (N=%d):%n", n);
        byRequest.forEach(
            (request, count) ->
                System.out.printf(Locale.ROOT, "    %-48s %6.2f%n", request, count / n));
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

  /**
   * Until the controller has applied every Application's children: each kind is listed until it has
   * N objects, then no longer (lists of 1000 objects are not free for the apiserver).
   */
  private static void awaitAllChildren(KubernetesClient client, String ns, int n) {
    List<Class<? extends HasMetadata>> pending = new ArrayList<>();
    for (HasMetadata child : DesiredChildren.of(application("probe", ns))) {
      pending.add(child.getClass());
    }
    await("all " + n + " Applications' children applied")
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              pending.removeIf(
                  kind ->
                      client
                              .resources(kind)
                              .inNamespace(ns)
                              .list(FROM_WATCH_CACHE)
                              .getItems()
                              .size()
                          >= n);
              return pending.isEmpty();
            });
  }

  private static void awaitAllReady(KubernetesClient client, String ns, int n) {
    await("all " + n + " Applications Ready")
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                client
                        .resources(Application.class)
                        .inNamespace(ns)
                        .list(FROM_WATCH_CACHE)
                        .getItems()
                        .stream()
                        .filter(
                            a ->
                                a.getStatus() != null
                                    && Conditions.isTrue(
                                        a.getStatus().getConditions(), Conditions.READY))
                        .count()
                    == n);
  }

  /** apiserver requests on the resources the controller touches, from every client. */
  private static long requests(KubernetesClient client) {
    long total = 0;
    for (String resource : COUNTED) {
      for (String sub : List.of("", "status")) {
        total += ApiServerRequests.all(client, resource, sub);
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
    spec.setContainers(List.of(container));
    // Five children, as the issue asks: Deployment, ConfigMap, Service, HPA, PodDisruptionBudget.
    ApplicationConfig config = new ApplicationConfig();
    config.setData(Map.of("app.properties", "greeting=hello\n"));
    spec.setConfig(config);
    ApplicationService.ServicePort servicePort = new ApplicationService.ServicePort();
    servicePort.setName("http");
    servicePort.setPort(80);
    servicePort.setTargetPort(new IntOrString("http"));
    ApplicationService service = new ApplicationService();
    service.setPorts(List.of(servicePort));
    spec.setService(service);
    ApplicationAutoscaling autoscaling = new ApplicationAutoscaling();
    autoscaling.setMinReplicas(1);
    autoscaling.setMaxReplicas(3);
    spec.setAutoscaling(autoscaling);
    ApplicationDisruptionBudget budget = new ApplicationDisruptionBudget();
    budget.setMaxUnavailable(new IntOrString(1));
    spec.setDisruptionBudget(budget);
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
      List<HasMetadata> children = new ArrayList<>();
      children.add(DesiredDeployment.of(app));
      DesiredConfigMap.of(app).ifPresent(children::add);
      DesiredService.of(app).ifPresent(children::add);
      DesiredAutoscaler.of(app).ifPresent(children::add);
      DesiredDisruptionBudget.of(app).ifPresent(children::add);
      return children;
    }
  }

  /**
   * The whole machine's CPU from /proc/stat: whether a run was bound by the machine (the apiserver,
   * etcd, KCM and the controller share its cores) or by the controller.
   */
  static final class MachineCpu {
    /** Busy and total ticks of all CPUs. */
    static long[] ticks() throws IOException {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
      return new long[] {total - idle, total};
    }

    static double busyShare(long[] before, long[] after) {
      return (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
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
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // e.g. BENCH_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/app.jfr" to profile it
      String jvmOptions = System.getenv().getOrDefault("BENCH_JVM_OPTS", "").trim();
      if (!jvmOptions.isEmpty()) {
        command.addAll(List.of(jvmOptions.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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

    /**
     * The controller's own API requests by verb and resource ({@code capstan_api_requests_total}),
     * watches left out.
     */
    Map<String, Double> apiRequests() throws IOException, InterruptedException {
      Map<String, Double> counts = new TreeMap<>();
      for (String line : get("/q/metrics").body().split("\n")) {
        if (!line.startsWith("capstan_api_requests_total{")) {
          continue;
        }
        String verb = label(line, "verb");
        if ("watch".equals(verb)) {
          continue;
        }
        String subresource = label(line, "subresource");
        String code = label(line, "code");
        String key =
            verb
                + " "
                + label(line, "resource")
                + (subresource == null || subresource.isEmpty() ? "" : "/" + subresource)
                + ("2xx".equals(code) ? "" : " (" + code + ")");
        counts.merge(
            key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
      return counts;
    }

    /** Writes the controller made: creates, updates, applies, patches and deletes. */
    double writes() throws IOException, InterruptedException {
      return apiRequests().entrySet().stream()
          .filter(e -> WRITE_VERBS.contains(e.getKey().substring(0, e.getKey().indexOf(' '))))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }

    private static final Set<String> WRITE_VERBS =
        Set.of("create", "update", "apply", "patch", "delete", "deletecollection");

    private static String label(String line, String name) {
      int start = line.indexOf(name + "=\"");
      if (start < 0) {
        return null;
      }
      start += name.length() + 2;
      return line.substring(start, line.indexOf('"', start));
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

    /** User plus system CPU time of the process, from /proc (USER_HZ ticks). */
    double cpuSeconds() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      // The fields after the parenthesised command name; utime and stime are the 12th and 13th.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
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
