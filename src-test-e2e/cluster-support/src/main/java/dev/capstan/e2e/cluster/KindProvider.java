package dev.capstan.e2e.cluster;

import com.dajudge.kindcontainer.KindContainer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kind cluster in a container via Kindcontainer (testcontainers); needs a Docker engine, absent
 * here.
 */
final class KindProvider implements ClusterProvider {

  private KindContainer<?> kind;

  @Override
  public Path start() throws Exception {
    kind = new KindContainer<>();
    kind.start();
    Path kubeconfig = Files.createTempFile("capstan-kind-", ".kubeconfig");
    Files.writeString(kubeconfig, kind.getKubeconfig());
    return kubeconfig;
  }

  @Override
  public void stop() {
    if (kind != null) {
      kind.stop();
    }
  }

  @Override
  public String name() {
    return "kind (testcontainers)";
  }
}
