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
 * choosing (every namespaced example names its namespace; a cluster-scoped one names none, and is
 * renamed per namespace so that tests never collide on it).
 */
final class Examples {

  private Examples() {}

  /** The name a cluster-scoped example gets when loaded for {@code namespace}. */
  static String clusterScopedName(String name, String namespace) {
    return name + "-" + namespace;
  }

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
            } else { // cluster-scoped (a NamespacePosture): a name of its own per test
              object
                  .getMetadata()
                  .setName(clusterScopedName(object.getMetadata().getName(), namespace));
            }
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
