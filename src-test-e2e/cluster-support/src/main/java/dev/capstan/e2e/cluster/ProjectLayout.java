package dev.capstan.e2e.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the root of the Capstan checkout, where the cluster scripts and the generated CRDs live.
 */
public final class ProjectLayout {

  private ProjectLayout() {}

  public static Path root() {
    String configured = System.getProperty("capstan.project.root");
    if (configured != null && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Capstan checkout (a folder with src-test-e2e/cluster/local-cluster.sh) above "
            + Path.of("").toAbsolutePath()
            + "; set -Dcapstan.project.root");
  }

  public static Path localClusterScript() {
    return root().resolve("src-test-e2e/cluster/local-cluster.sh");
  }

  public static Path crds() {
    return root().resolve("crds/kubernetes");
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("src-test-e2e/cluster/local-cluster.sh"));
  }
}
