package dev.capstan.e2e.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster someone else runs: the kubeconfig named by -Dcapstan.kubeconfig, $KUBECONFIG or
 * ~/.kube/config.
 */
final class ExistingKubeconfigProvider implements ClusterProvider {

  @Override
  public Path start() {
    String configured = System.getProperty("capstan.kubeconfig", System.getenv("KUBECONFIG"));
    Path kubeconfig =
        configured != null
            ? Path.of(configured.split(java.io.File.pathSeparator)[0])
            : Path.of(System.getProperty("user.home"), ".kube", "config");
    if (!Files.isRegularFile(kubeconfig)) {
      throw new IllegalStateException(
          "capstan.cluster.provider=kubeconfig but " + kubeconfig + " does not exist");
    }
    return kubeconfig;
  }

  @Override
  public void stop() {}

  @Override
  public String name() {
    return "existing kubeconfig";
  }
}
