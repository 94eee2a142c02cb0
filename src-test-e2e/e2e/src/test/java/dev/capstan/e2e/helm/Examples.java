package dev.capstan.e2e.helm;

import dev.capstan.e2e.cluster.ProjectLayout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped examples under examples/, the namespaced ones moved into a namespace of the test's
 * choosing (every namespaced example names its namespace; a cluster-scoped one names none).
 */
final class Examples {

  private Examples() {}

  static List<HasMetadata> load(KubernetesClient client, String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ProjectLayout.root().resolve("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata object : client.load(in).items()) {
            if (object instanceof Namespace) {
              continue;
            }
            if (object.getMetadata().getNamespace() != null) {
              object.getMetadata().setNamespace(namespace);
            } // else cluster-scoped (a NamespacePosture): kept as it is
            objects.add(object);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (objects.isEmpty()) {
      throw new AssertionError("no examples found under examples/");
    }
    return objects;
  }
}
