package dev.capstan.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML under crds/kubernetes/ is what users apply; it must be exactly what the Java model
 * generates. The generator runs in process-classes, before this test.
 */
class GeneratedCrdsAreCommittedTest {

  private static final String HOW_TO_FIX =
      "the committed CRD YAML differs from the model: run `./mvnw -pl crds process-classes -Pupdate-crds`"
          + " and commit crds/kubernetes/ and helm/capstan/crds/";

  private final Path generated = Path.of(System.getProperty("capstan.crds.generated"));
  private final Path committed = Path.of(System.getProperty("capstan.crds.committed"));
  private final Path chart = Path.of(System.getProperty("capstan.crds.chart"));

  @Test
  void everyGeneratedCrdIsCommittedUnchanged() throws IOException {
    assertSameAsGenerated(committed);
  }

  @Test
  void theChartInstallsExactlyTheGeneratedCrds() throws IOException {
    assertSameAsGenerated(chart);
  }

  private void assertSameAsGenerated(Path committed) throws IOException {
    Set<String> generatedNames = crdFiles(generated);
    assertThat(generatedNames).as("the generator produced no CRD").isNotEmpty();
    assertThat(crdFiles(committed)).as(HOW_TO_FIX).isEqualTo(generatedNames);
    for (String name : generatedNames) {
      assertThat(Files.readString(committed.resolve(name)))
          .as(HOW_TO_FIX + " (" + name + ")")
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  private static Set<String> crdFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).toList();
      return names.stream().collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
