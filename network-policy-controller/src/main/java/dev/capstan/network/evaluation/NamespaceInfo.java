package dev.capstan.network.evaluation;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A namespace as NetworkPolicy sees it: its name and labels. The apiserver labels every namespace
 * with {@value #NAME_LABEL}; this record adds that label when it is missing.
 */
public record NamespaceInfo(String name, Map<String, String> labels) {

  /** The immutable label the apiserver sets to the namespace's name. */
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";

  public NamespaceInfo {
    Objects.requireNonNull(name, "name");
    Map<String, String> withName = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    withName.putIfAbsent(NAME_LABEL, name);
    labels = Map.copyOf(withName);
  }

  public static NamespaceInfo of(String name, Map<String, String> labels) {
    return new NamespaceInfo(name, labels);
  }

  public static NamespaceInfo from(Namespace namespace) {
    return new NamespaceInfo(
        namespace.getMetadata().getName(), namespace.getMetadata().getLabels());
  }
}
