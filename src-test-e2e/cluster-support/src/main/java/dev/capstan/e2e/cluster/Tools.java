package dev.capstan.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the upstream command-line tools (kubectl, helm, …) that the local cluster scripts build and
 * cache.
 */
public final class Tools {

  private static final Map<String, Path> BINARIES = new ConcurrentHashMap<>();

  private Tools() {}

  /** What a command printed (stdout and stderr together) and how it exited. */
  public record Result(int exitCode, String output) {
    public Result orFail(String what) {
      if (exitCode != 0) {
        throw new AssertionError(what + " failed with exit code " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** The path of a cached upstream binary, built on first use (see local-cluster.sh bin). */
  public static Path binary(String name) {
    return BINARIES.computeIfAbsent(
        name,
        n -> {
          Result result =
              run(
                  List.of("bash", ProjectLayout.localClusterScript().toString(), "bin", n),
                  Map.of(),
                  Duration.ofMinutes(30));
          result.orFail("local-cluster.sh bin " + n);
          List<String> lines = result.output().lines().filter(l -> !l.isBlank()).toList();
          return Path.of(lines.get(lines.size() - 1).trim());
        });
  }

  /** kubectl against the given kubeconfig. */
  public static Result kubectl(Path kubeconfig, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(binary("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of(), Duration.ofMinutes(3));
  }

  /** helm against the given kubeconfig. */
  public static Result helm(Path kubeconfig, String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary("helm").toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(
        command,
        Map.of(
            "HELM_CACHE_HOME",
            tmp("helm-cache"),
            "HELM_CONFIG_HOME",
            tmp("helm-config"),
            "HELM_DATA_HOME",
            tmp("helm-data")),
        Duration.ofMinutes(5));
  }

  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tmp(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), "capstan-" + name).toString();
  }
}
