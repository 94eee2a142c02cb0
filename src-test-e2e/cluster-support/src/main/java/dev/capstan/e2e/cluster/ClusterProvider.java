package dev.capstan.e2e.cluster;

import java.nio.file.Path;

/**
 * Where cluster tests get their cluster from; chosen with the system property {@code
 * capstan.cluster.provider}.
 */
public interface ClusterProvider {

  /**
   * Starts or finds the cluster and returns a kubeconfig that reaches it with cluster-admin rights.
   */
  Path start() throws Exception;

  /** Releases what {@link #start()} started; a cluster found already running is left alone. */
  void stop() throws Exception;

  /** A short name for logs. */
  String name();

  static ClusterProvider fromSystemProperties() {
    String provider = System.getProperty("capstan.cluster.provider", "local");
    return switch (provider) {
      case "local" -> new LocalControlPlaneProvider(ProjectLayout.root());
      case "kubeconfig" -> new ExistingKubeconfigProvider();
      case "kind" -> new KindProvider();
      default ->
          throw new IllegalArgumentException(
              "capstan.cluster.provider must be local, kubeconfig or kind, not '" + provider + "'");
    };
  }
}
