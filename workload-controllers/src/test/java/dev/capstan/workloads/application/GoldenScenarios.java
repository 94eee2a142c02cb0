package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The golden scenarios under {@code src/test/resources/golden}: one folder each, with the input
 * {@code application.yaml}. Shared by the tests that run a check over every scenario.
 */
final class GoldenScenarios {

  private GoldenScenarios() {}

  /** One dynamic test per scenario folder, named after it. */
  static Stream<DynamicTest> each(ThrowingConsumer<Path> check)
      throws IOException, URISyntaxException {
    Path root = Path.of(GoldenScenarios.class.getResource("/golden").toURI());
    List<Path> scenarios;
    try (Stream<Path> dirs = Files.list(root)) {
      scenarios = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(scenarios).isNotEmpty();
    return scenarios.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check.accept(dir)));
  }

  /** The scenario's input Application. */
  static Application application(Path dir) throws IOException {
    return Serialization.unmarshal(
        Files.readString(dir.resolve("application.yaml")), Application.class);
  }
}
