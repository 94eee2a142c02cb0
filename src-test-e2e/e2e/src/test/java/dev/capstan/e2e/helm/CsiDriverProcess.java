package dev.capstan.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.e2e.cluster.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A CSI driver process listening on a unix socket in a temporary directory, as a node plugin's
 * container would in the chart's pod. It is storage-csi-controller's test driver ({@code
 * dev.capstan.storage.testdriver.TestCsiDriver}), not the upstream csi-driver-host-path: the Go
 * module proxy refuses to serve that module here (403 for every version), so {@code
 * local-cluster.sh bin hostpathplugin} cannot build it. The test driver is checked against the CSI
 * spec by the upstream csi-sanity in that module ({@code CsiSanityIT}) and keeps one JSON file per
 * volume under {@code <state>/volumes/}, so a test reads what the driver really holds.
 */
record CsiDriverProcess(Process process, Path socket, Path state, Path log) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODULE = ProjectLayout.root().resolve("storage-csi-controller");

  /** Starts the driver with {@code flags} added to its endpoint and state directory. */
  static CsiDriverProcess start(String... flags) throws IOException {
    Path testClasses = MODULE.resolve("target/test-classes");
    Path libraries = MODULE.resolve("target/quarkus-app/lib/main");
    assertThat(testClasses.resolve("dev/capstan/storage/testdriver/TestCsiDriver.class"))
        .as("storage-csi-controller's test driver (compiled before this module)")
        .exists();
    assertThat(libraries).as("storage-csi-controller's packaged libraries").isDirectory();
    Path dir = Files.createTempDirectory("capstan-csi-driver");
    Path socket = dir.resolve("csi.sock");
    Path state = dir.resolve("state");
    Path log = dir.resolve("driver.log");
    // The classes of the module (csi.proto's stubs, the endpoint parser) and the libraries its
    // packaged app runs with (gRPC, Netty's epoll transport, Jackson).
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            testClasses.toString(),
            MODULE.resolve("target/classes").toString(),
            libraries.resolve("*").toString());
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                // The packaged app's SLF4J binding needs JBoss LogManager as the JUL manager.
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                classpath,
                "dev.capstan.storage.testdriver.TestCsiDriver",
                "--endpoint=unix://" + socket,
                "--statedir=" + state));
    command.addAll(List.of(flags));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CsiDriverProcess driver = new CsiDriverProcess(process, socket, state, log);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(process.isAlive())
                  .as("driver running; log: %s", driver.logText())
                  .isTrue();
              assertThat(driver.logText()).contains("listening");
            });
    return driver;
  }

  /** The driver's record of the volume named {@code name} (the PV's name), if it holds one. */
  Optional<JsonNode> volumeNamed(String name) {
    return volumes().stream().filter(v -> name.equals(v.path("name").asText())).findFirst();
  }

  /** Every volume the driver holds. */
  List<JsonNode> volumes() {
    Path dir = state.resolve("volumes");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<JsonNode> volumes = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        try {
          volumes.add(JSON.readTree(f.toFile()));
        } catch (NoSuchFileException deletedMeanwhile) {
          // DeleteVolume ran between the listing and the read
        }
      }
      return volumes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
