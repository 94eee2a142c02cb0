package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cluster of a test JVM (one per test run), shared by {@link ClusterExtension} and Quarkus
 * test resources. What the provider started is stopped when the JVM exits.
 */
public final class SharedCluster {

  private static final Logger LOGGER = LoggerFactory.getLogger(SharedCluster.class);
  private static SharedCluster instance;

  private final ClusterProvider provider;
  private final Path kubeconfig;

  private SharedCluster(ClusterProvider provider, Path kubeconfig) {
    this.provider = provider;
    this.kubeconfig = kubeconfig;
  }

  public static synchronized SharedCluster get() {
    if (instance == null) {
      ClusterProvider provider = ClusterProvider.fromSystemProperties();
      try {
        long started = System.nanoTime();
        Path kubeconfig = provider.start();
        LOGGER.info(
            "cluster from {} ready in {} ms: {}",
            provider.name(),
            (System.nanoTime() - started) / 1_000_000,
            kubeconfig);
        instance = new SharedCluster(provider, kubeconfig);
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "capstan-cluster-stop"));
      } catch (Exception e) {
        throw new IllegalStateException(
            "cluster tests need a cluster; " + provider.name() + " failed", e);
      }
    }
    return instance;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A new client with cluster-admin rights; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
        .build();
  }

  private void stop() {
    try {
      provider.stop();
    } catch (Exception e) {
      LOGGER.warn("stopping the {} failed", provider.name(), e);
    }
  }
}
