package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: for each folder under src/test/resources/golden/, the children rendered from {@code
 * application.yaml} must equal {@code expected.yaml} exactly. After an intended change, regenerate
 * with {@code ./mvnw -pl workload-controllers test -Dtest=DesiredChildrenGoldenTest
 * -Dgolden.update=true} and review the diff.
 */
class DesiredChildrenGoldenTest {

  @TestFactory
  Stream<DynamicTest> renderedChildrenMatchTheGoldenFiles() throws IOException, URISyntaxException {
    return GoldenScenarios.each(dir -> check(dir));
  }

  private static void check(Path dir) throws IOException {
    Application app = GoldenScenarios.application(dir);
    String rendered =
        ApplicationChildren.desired(app).stream()
            .map(DesiredChildrenGoldenTest::yaml)
            .collect(Collectors.joining());
    Path expected = dir.resolve("expected.yaml");
    if (Boolean.getBoolean("golden.update")) {
      Path source =
          Path.of("src/test/resources/golden").resolve(dir.getFileName()).resolve("expected.yaml");
      Files.writeString(source, rendered);
      return;
    }
    assertThat(expected).as("missing golden file; run with -Dgolden.update=true").exists();
    assertThat(rendered).isEqualTo(Files.readString(expected));
  }

  private static String yaml(HasMetadata object) {
    return Serialization.asYaml(object);
  }
}
