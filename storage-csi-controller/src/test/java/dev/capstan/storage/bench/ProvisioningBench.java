package dev.capstan.storage.bench;

import dev.capstan.storage.testdriver.TestCsiDriver;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * PVCs bound per second, Capstan's provisioner vs the upstream csi-provisioner, against the same
 * test driver and apiserver; RSS of the provisioner process. Not a test (prints numbers): {@code
 * ProvisioningBench <kubeconfig> <capstan|upstream> <N> [upstream binary] [qps] [burst]}.
 */
public final class ProvisioningBench {

  public static void main(String[] args) throws Exception {
    String kubeconfig = args[0];
    String mode = args[1];
    int n = Integer.parseInt(args[2]);
    String driverName =
        "bench-" + mode + "-" + System.currentTimeMillis() % 100000 + ".csi.capstan.dev";
    Path dir = Files.createTempDirectory("bench");
    String endpoint = "unix://" + dir.resolve("csi.sock");
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
    String sc = driverName.replace('.', '-');
    String ns = sc.substring(0, Math.min(40, sc.length()));
    try (TestCsiDriver driver =
        TestCsiDriver.start(
            "--endpoint=" + endpoint,
            "--statedir=" + dir.resolve("state"),
            "--drivername=" + driverName)) {
      client
          .resource(
              new CSIDriverBuilder()
                  .withNewMetadata()
                  .withName(driverName)
                  .endMetadata()
                  .withNewSpec()
                  .withAttachRequired(false)
                  .endSpec()
                  .build())
          .create();
      client
          .resource(
              new StorageClassBuilder()
                  .withNewMetadata()
                  .withName(sc)
                  .endMetadata()
                  .withProvisioner(driverName)
                  .withReclaimPolicy("Delete")
                  .withVolumeBindingMode("Immediate")
                  .build())
          .create();
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      Process process;
      if (mode.equals("upstream")) {
        process =
            new ProcessBuilder(
                    args[3],
                    "--kubeconfig=" + kubeconfig,
                    "--csi-address=" + dir.resolve("csi.sock"),
                    "--kube-api-qps=" + args[4],
                    "--kube-api-burst=" + args[5],
                    "--worker-threads=100")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("provisioner.log").toFile())
                .start();
      } else {
        process =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ProvisionerMain.class.getName(),
                    kubeconfig,
                    endpoint,
                    driverName,
                    "100")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("provisioner.log").toFile())
                .start();
      }
      Thread.sleep(3000); // let it start and sync its informers
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < n; i++) {
        int k = i;
        pool.submit(
            () ->
                client
                    .resource(
                        new PersistentVolumeClaimBuilder()
                            .withMetadata(
                                new ObjectMetaBuilder().withName("c" + k).withNamespace(ns).build())
                            .withNewSpec()
                            .withStorageClassName(sc)
                            .withAccessModes("ReadWriteOnce")
                            .withNewResources()
                            .withRequests(Map.of("storage", new Quantity("1Gi")))
                            .endResources()
                            .endSpec()
                            .build())
                    .create());
      }
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.MINUTES);
      long maxRss = 0;
      long bound = 0;
      while (System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
        maxRss = Math.max(maxRss, rssKb(process.pid()));
        List<PersistentVolumeClaim> claims =
            client.persistentVolumeClaims().inNamespace(ns).list().getItems();
        bound =
            claims.stream()
                .filter(c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()))
                .count();
        if (bound == n) {
          break;
        }
        Thread.sleep(200);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "RESULT mode=%s n=%d bound=%d seconds=%.1f rate=%.1f/s maxRssMiB=%d%n",
          mode, n, bound, seconds, bound / seconds, maxRss / 1024);
      client.namespaces().withName(ns).delete();
      Thread.sleep(2000);
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    } finally {
      client.storage().v1().storageClasses().withName(sc).delete();
      client.storage().v1().csiDrivers().withName(driverName).delete();
      client.close();
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // process gone
    }
    return 0;
  }
}
