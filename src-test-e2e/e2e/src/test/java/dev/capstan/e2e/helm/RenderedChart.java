package dev.capstan.e2e.helm;

import dev.capstan.e2e.cluster.ProjectLayout;
import dev.capstan.e2e.cluster.Tools;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `helm template` of the chart with a set of values, as objects. */
record RenderedChart(String yaml, List<HasMetadata> objects) {

  static final Path CHART = ProjectLayout.root().resolve("helm/capstan");

  /** Renders with `--set` pairs; a kubeconfig is not needed for template. */
  static RenderedChart render(String namespace, String... sets) {
    Tools.Result result = template(namespace, sets).orFail("helm template");
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : result.output().split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return new RenderedChart(result.output(), objects);
  }

  static Tools.Result template(String namespace, String... sets) {
    List<String> args =
        new ArrayList<>(List.of("template", "capstan", CHART.toString(), "-n", namespace));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return Tools.helm(Path.of("/dev/null"), args.toArray(String[]::new));
  }

  /** Objects of a kind without a model class here (e.g. cert-manager's), by kind name. */
  List<HasMetadata> kind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
