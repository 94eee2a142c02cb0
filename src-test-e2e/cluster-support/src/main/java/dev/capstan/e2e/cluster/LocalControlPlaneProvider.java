package dev.capstan.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded control plane of {@code src-test-e2e/cluster/local-cluster.sh}: real etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler and kwok. A cluster that was already up
 * is reused and left running; one this provider started is stopped at the end of the test run, so
 * no process outlives it.
 */
final class LocalControlPlaneProvider implements ClusterProvider {

  private static final Logger LOGGER = LoggerFactory.getLogger(LocalControlPlaneProvider.class);
  // A cold start builds the upstream binaries from Go modules first; a warm start takes seconds.
  private static final long START_TIMEOUT_MINUTES = 60;

  private final Path script;
  private boolean startedHere;

  LocalControlPlaneProvider(Path root) {
    this.script = root.resolve("src-test-e2e/cluster/local-cluster.sh");
  }

  @Override
  public Path start() throws IOException, InterruptedException {
    startedHere = run("status", 1).exitCode() != 0;
    Result up = run("up", START_TIMEOUT_MINUTES);
    if (up.exitCode() != 0) {
      throw new IllegalStateException(
          "the local control plane did not start ("
              + script
              + " up, exit "
              + up.exitCode()
              + "):\n"
              + up.output());
    }
    List<String> lines = up.output().lines().filter(l -> !l.isBlank()).toList();
    return Path.of(lines.get(lines.size() - 1).trim());
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    if (startedHere && !Boolean.getBoolean("capstan.cluster.keep")) {
      run("down", 2);
    }
  }

  @Override
  public String name() {
    return "local control plane";
  }

  private Result run(String command, long timeoutMinutes) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", script.toString(), command)
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          script + " " + command + " did not finish in " + timeoutMinutes + " min");
    }
    LOGGER.debug("{} {} -> {}", script, command, process.exitValue());
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
