package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs the committed CRDs (crds/kubernetes/) the way a user would, and waits until they are
 * served.
 */
public final class Crds {

  private Crds() {}

  public static void installAll(KubernetesClient client) {
    try (Stream<Path> files = Files.list(ProjectLayout.crds())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        install(client, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void install(KubernetesClient client, Path file) throws IOException {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    }
    var resource = client.apiextensions().v1().customResourceDefinitions().resource(crd);
    resource.fieldManager("capstan-crds").forceConflicts().serverSideApply();
    resource.waitUntilCondition(Crds::established, 30, TimeUnit.SECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    // Right after creation the status (or its conditions) may not be written yet.
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
