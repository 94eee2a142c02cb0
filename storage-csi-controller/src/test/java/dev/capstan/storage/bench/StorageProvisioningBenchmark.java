package dev.capstan.storage.bench;

import static org.awaitility.Awaitility.await;

import dev.capstan.crds.storage.v1alpha1.StorageBackend;
import dev.capstan.crds.storage.v1alpha1.StorageBackendSpec;
import dev.capstan.crds.storage.v1alpha1.StorageClassTemplate;
import dev.capstan.e2e.cluster.Crds;
import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claims bound per second and resident memory: Capstan's storage controller (the real Quarkus app,
 * provisioner and attacher in one JVM, configured by a StorageBackend) against the upstream
 * csi-provisioner plus csi-attacher, both on the same test CSI driver and the same apiserver, in
 * one run. Not a test; prints numbers. Run by {@code src-test-e2e/bench/storage-benchmark.sh}.
 *
 * <p>Args: {@code <kubeconfig> <quarkus-run.jar> <csi-provisioner> <csi-attacher> <N>...}. Env:
 * {@code BENCH_JVM_OPTS} (the controller JVM's options), {@code BENCH_ONLY=capstan} (no baseline,
 * for tuning), {@code BENCH_CAPSTAN_WORKERS} (the StorageBackend's workers, default 100 like the
 * sidecars' worker threads), {@code BENCH_KUBE_API_QPS}/{@code BENCH_KUBE_API_BURST} (the Go
 * sidecars' client limits; Capstan's client has none).
 *
 * <p>Each run first waits until one claim is bound (the controller has started, synced its
 * informers and reached the driver), then times a first round of {@code BENCH_WARMUP} claims
 * (default 100; 0 for none), deletes them, and times N claims from creation to Bound, sampling RSS
 * throughout. The ratios compare the second, timed round: a controller runs for days, and the first
 * round after start also measures the JVM compiling the claim path (printed apart).
 */
public final class StorageProvisioningBenchmark {

  private static final int WORKERS = 100;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  /** The largest RSS of the measured processes seen in the current mode's run (both rounds). */
  private static final AtomicLong MAX_RSS_KB = new AtomicLong();

  private record Result(String mode, int n, long bound, double seconds, long rssKb, double cpu) {
    double rate() {
      return bound / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    Path jar = Path.of(args[1]);
    String provisionerBin = args[2];
    String attacherBin = args[3];
    List<Integer> sizes = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      Crds.installAll(client);
      boolean capstanOnly = "capstan".equals(System.getenv("BENCH_ONLY"));
      for (int n : sizes) {
        Result capstan = run(client, "capstan", n, kubeconfig, jar, provisionerBin, attacherBin);
        if (capstanOnly) {
          continue; // tuning runs: no ratio without the baseline
        }
        Result upstream = run(client, "upstream", n, kubeconfig, jar, provisionerBin, attacherBin);
        double ceiling = bindingCeiling(client, n);
        System.out.printf(
            "RATIO n=%d rate capstan/upstream=%.2f  rss capstan/(provisioner+attacher)=%.2f"
                + "  cpu capstan/upstream=%.2f  binding ceiling/upstream=%.2f%n",
            n,
            capstan.rate() / upstream.rate(),
            (double) capstan.rssKb() / upstream.rssKb(),
            capstan.cpu() / upstream.cpu(),
            ceiling / upstream.rate());
      }
    }
    System.exit(0); // the test driver's gRPC threads are not daemons
  }

  private static Result run(
      KubernetesClient client,
      String mode,
      int n,
      Path kubeconfig,
      Path jar,
      String provisionerBin,
      String attacherBin)
      throws Exception {
    String id = mode + "-" + n + "-" + System.currentTimeMillis() % 100000;
    String driverName = "bench-" + id + ".csi.capstan.dev";
    String storageClass = "bench-" + id;
    String ns = "bench-" + id;
    Path dir = Files.createTempDirectory("storage-bench");
    Path socket = dir.resolve("csi.sock");
    List<Process> processes = new ArrayList<>();
    try (TestCsiDriver driver =
        TestCsiDriver.start(
            "--endpoint=unix://" + socket,
            "--statedir=" + dir.resolve("state"),
            "--drivername=" + driverName,
            "--enable-attach=true")) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      if (mode.equals("upstream")) {
        registerForUpstream(client, driverName, storageClass);
        String qps = System.getenv().getOrDefault("BENCH_KUBE_API_QPS", "1000");
        String burst = System.getenv().getOrDefault("BENCH_KUBE_API_BURST", "2000");
        processes.add(
            start(
                dir.resolve("provisioner.log"),
                provisionerBin,
                "--kubeconfig=" + kubeconfig,
                "--csi-address=" + socket,
                "--kube-api-qps=" + qps,
                "--kube-api-burst=" + burst,
                "--worker-threads=" + WORKERS,
                "--leader-election=false"));
        processes.add(
            start(
                dir.resolve("attacher.log"),
                attacherBin,
                "--kubeconfig=" + kubeconfig,
                "--csi-address=" + socket,
                "--kube-api-qps=" + qps,
                "--kube-api-burst=" + burst,
                "--worker-threads=" + WORKERS,
                "--leader-election=false"));
      } else {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : opts().trim().split("\\s+")) {
          if (!o.isEmpty()) {
            command.add(o);
          }
        }
        command.addAll(List.of("-Dquarkus.http.port=0", "-jar", jar.toString()));
        ProcessBuilder pb =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("controller.log").toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        // As the chart sets it: glibc's per-thread malloc arenas otherwise add tens of MiB of RSS.
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        processes.add(pb.start());
        client.resource(backend(id, driverName, storageClass, socket)).create();
      }
      MAX_RSS_KB.set(0);
      Runnable sample =
          () ->
              MAX_RSS_KB.accumulateAndGet(
                  processes.stream().mapToLong(p -> rssKb(p)).sum(), Math::max);

      createClaims(client, ns, storageClass, List.of("warmup"));
      await("warm-up claim of " + mode + " bound; logs in " + dir)
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> boundClaims(client, ns) == 1);

      int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "100"));
      if (warmup > 0) {
        // A first burst after start-up measures the JIT compiling the claim path as much as the
        // path itself; a controller runs for days. Both modes get the same round, reported apart.
        String warmNs = ns + "-warmup";
        client
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(warmNs).endMetadata().build())
            .create();
        burst(client, mode, "first", warmup, warmNs, storageClass, processes, sample, dir);
        client.namespaces().withName(warmNs).delete();
        await("warm-up volumes of " + mode + " deleted")
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> volumesOf(client, driverName) == 1);
      }
      Result result = burst(client, mode, "timed", n, ns, storageClass, processes, sample, dir);
      if (mode.equals("capstan") && opts().contains("NativeMemoryTracking")) {
        // where the controller's memory is, with -XX:NativeMemoryTracking=summary in the options
        Path nmt = dir.resolve("native-memory.txt");
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(processes.get(0).pid()),
                "VM.native_memory",
                "summary")
            .redirectErrorStream(true)
            .redirectOutput(nmt.toFile())
            .start()
            .waitFor(30, TimeUnit.SECONDS);
        System.out.println("native memory summary of the controller: " + nmt);
      }

      // Clean up while the controller still runs, so every volume is deleted on the driver and
      // the next run starts on an idle apiserver.
      client.namespaces().withName(ns).delete();
      await("volumes of " + mode + " deleted")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> volumesOf(client, driverName) == 0);
      return result;
    } finally {
      for (Process p : processes) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      client.resources(StorageBackend.class).withName("bench-" + id).delete();
      client.storage().v1().storageClasses().withName(storageClass).delete();
      client.storage().v1().csiDrivers().withName(driverName).delete();
    }
  }

  private static final String CEILING_LABEL = "bench.capstan.dev/ceiling";

  /**
   * The rate no provisioner can beat here: what a provisioner does for each claim, at no cost of
   * its own — the claim is created, then a PV bound to it (claimRef with its UID), as a provisioner
   * creates it — timed until kube-controller-manager has bound every claim. The class is real
   * (Immediate binding; the PV controller retries a claim of a missing class only on its resync),
   * its provisioner served by nobody. Returns claims bound per second.
   */
  private static double bindingCeiling(KubernetesClient client, int n) throws InterruptedException {
    String id = "ceiling-" + n + "-" + System.currentTimeMillis() % 100000;
    String ns = "bench-" + id;
    String storageClass = "bench-" + id;
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    client.resource(storageClass(storageClass, "ceiling.invalid", "Retain")).create();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      String name = "c" + i;
      pool.submit(
          () -> {
            PersistentVolumeClaim claim = client.resource(claim(ns, name, storageClass)).create();
            client
                .resource(
                    new PersistentVolumeBuilder()
                        .withNewMetadata()
                        .withName(id + "-" + name)
                        .withLabels(Map.of(CEILING_LABEL, id))
                        .endMetadata()
                        .withNewSpec()
                        .withCapacity(Map.of("storage", new Quantity("1Gi")))
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(storageClass)
                        .withPersistentVolumeReclaimPolicy("Retain")
                        .withNewClaimRef()
                        .withNamespace(ns)
                        .withName(name)
                        .withUid(claim.getMetadata().getUid())
                        .endClaimRef()
                        .withNewCsi()
                        .withDriver("ceiling.invalid")
                        .withVolumeHandle(id + "-" + name)
                        .endCsi()
                        .endSpec()
                        .build())
                .create();
            return null;
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("creating claims and volumes took over 5 minutes");
    }
    await("binding ceiling: " + n + " claims bound")
        .atMost(RUN_LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> boundClaims(client, ns) == n);
    double rate = n / ((System.nanoTime() - start) / 1e9);
    System.out.printf(
        "RESULT mode=ceiling  n=%d claims and their bound PVs created, rate=%.1f/s load=%s%n",
        n, rate, loadAverage());
    client.namespaces().withName(ns).delete();
    client.persistentVolumes().withLabel(CEILING_LABEL, id).delete(); // Retain: ours to remove
    client.storage().v1().storageClasses().withName(storageClass).delete();
    return rate;
  }

  private static String opts() {
    return System.getenv().getOrDefault("BENCH_JVM_OPTS", "");
  }

  /** Creates n claims at once in {@code ns} and times them from creation to Bound. */
  private static Result burst(
      KubernetesClient client,
      String mode,
      String round,
      int n,
      String ns,
      String storageClass,
      List<Process> processes,
      Runnable sampleRss,
      Path dir)
      throws InterruptedException {
    long start = System.nanoTime();
    double cpuBefore = processes.stream().mapToDouble(p -> cpuSeconds(p)).sum();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("c" + i);
    }
    createClaims(client, ns, storageClass, names);
    // the single claim that showed the controller ready is in the timed round's namespace
    long before = round.equals("timed") ? 1 : 0;
    long[] bound = {0};
    // when the last PV was created: the part the provisioner does; binding is then KCM's
    double[] provisionedSeconds = {Double.NaN};
    try {
      await()
          .atMost(RUN_LIMIT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                sampleRss.run();
                if (Double.isNaN(provisionedSeconds[0]) && volumesFor(client, ns) - before == n) {
                  provisionedSeconds[0] = (System.nanoTime() - start) / 1e9;
                }
                bound[0] = boundClaims(client, ns) - before;
                return bound[0] == n;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.printf("TIMEOUT mode=%s n=%d bound=%d (logs in %s)%n", mode, n, bound[0], dir);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = processes.stream().mapToDouble(p -> cpuSeconds(p)).sum() - cpuBefore;
    sampleRss.run();
    Result result = new Result(mode, n, bound[0], seconds, MAX_RSS_KB.get(), cpu);
    System.out.printf(
        "RESULT mode=%-8s round=%-5s n=%d bound=%d seconds=%.1f rate=%.1f/s (PVs all created"
            + " at %.1f s) maxRssMiB=%d cpuSeconds=%.1f load=%s%n",
        mode,
        round,
        n,
        bound[0],
        seconds,
        result.rate(),
        provisionedSeconds[0],
        MAX_RSS_KB.get() / 1024,
        cpu,
        loadAverage());
    return result;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static void registerForUpstream(
      KubernetesClient client, String driverName, String storageClass) {
    client
        .resource(
            new CSIDriverBuilder()
                .withNewMetadata()
                .withName(driverName)
                .endMetadata()
                .withNewSpec()
                .withAttachRequired(true)
                .endSpec()
                .build())
        .create();
    client.resource(storageClass(storageClass, driverName, "Delete")).create();
  }

  private static StorageBackend backend(
      String id, String driverName, String storageClass, Path socket) {
    StorageBackend backend = new StorageBackend();
    backend.setMetadata(new ObjectMetaBuilder().withName("bench-" + id).build());
    StorageBackendSpec spec = new StorageBackendSpec();
    spec.setEndpoint("unix://" + socket);
    spec.setAttachRequired(true);
    spec.getProvisioner()
        .setWorkers(
            Integer.parseInt(
                System.getenv().getOrDefault("BENCH_CAPSTAN_WORKERS", String.valueOf(WORKERS))));
    StorageClassTemplate sc = new StorageClassTemplate();
    sc.setName(storageClass);
    spec.setStorageClasses(List.of(sc));
    backend.setSpec(spec);
    return backend;
  }

  private static void createClaims(
      KubernetesClient client, String ns, String storageClass, List<String> names)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (String name : names) {
      pool.submit(() -> client.resource(claim(ns, name, storageClass)).create());
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("creating claims took over 5 minutes");
    }
  }

  /** Lists from the apiserver's watch cache, not etcd: polling must not load the server. */
  private static final ListOptions FROM_WATCH_CACHE =
      new ListOptionsBuilder().withResourceVersion("0").build();

  private static StorageClass storageClass(String name, String provisioner, String reclaimPolicy) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withProvisioner(provisioner)
        .withReclaimPolicy(reclaimPolicy)
        .withVolumeBindingMode("Immediate")
        .build();
  }

  private static PersistentVolumeClaim claim(String ns, String name, String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity("1Gi")))
        .endResources()
        .endSpec()
        .build();
  }

  private static long boundClaims(KubernetesClient client, String ns) {
    return client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .list(FROM_WATCH_CACHE)
        .getItems()
        .stream()
        .map(PersistentVolumeClaim::getStatus)
        .filter(s -> s != null && "Bound".equals(s.getPhase()))
        .count();
  }

  /** PVs provisioned for claims of {@code ns}. */
  private static long volumesFor(KubernetesClient client, String ns) {
    return client.persistentVolumes().list(FROM_WATCH_CACHE).getItems().stream()
        .map(PersistentVolume::getSpec)
        .filter(s -> s.getClaimRef() != null && ns.equals(s.getClaimRef().getNamespace()))
        .count();
  }

  private static long volumesOf(KubernetesClient client, String driverName) {
    return client.persistentVolumes().list().getItems().stream()
        .map(PersistentVolume::getSpec)
        .filter(s -> s.getCsi() != null && driverName.equals(s.getCsi().getDriver()))
        .count();
  }

  private static Process start(Path log, String... command) throws Exception {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Resident set of the process and its descendants, in KiB. */
  private static long rssKb(Process process) {
    long total = rssKb(process.pid());
    for (ProcessHandle child : process.descendants().toList()) {
      total += rssKb(child.pid());
    }
    return total;
  }

  /** User plus system CPU time of the process and its descendants. */
  private static double cpuSeconds(Process process) {
    double total = cpuSeconds(process.pid());
    for (ProcessHandle child : process.descendants().toList()) {
      total += cpuSeconds(child.pid());
    }
    return total;
  }

  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ
    } catch (Exception e) {
      return 0; // the process has exited
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // the process has exited
    }
    return 0;
  }
}
