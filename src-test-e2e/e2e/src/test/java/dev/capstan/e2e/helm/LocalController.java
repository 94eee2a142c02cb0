package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.ServiceAccountKubeconfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A controller run the way development mode runs it: its packaged jar as a local process,
 * authenticated with a token of the ServiceAccount the chart made for it, so that the chart's RBAC
 * is what it gets.
 */
record LocalController(String module, Process process, Path log) {

  /**
   * Starts {@code module}'s jar as {@code <release>-<module>} of the release in the cluster's
   * namespace, with {@code env} added (webhook ports, URLs and names).
   */
  static LocalController start(
      ClusterContext cluster, String release, String module, Map<String, String> env)
      throws IOException {
    Path kubeconfig =
        ServiceAccountKubeconfig.write(
            cluster.client(), cluster.namespace(), release + "-" + module);
    Path jar = ProjectLayout.root().resolve(module + "/target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the " + module + " jar (built before this module)").exists();
    Path log = Files.createTempFile("capstan-" + module + "-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    builder.environment().putAll(env);
    return new LocalController(module, builder.start(), log);
  }

  /** Stops the process and waits for it. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
