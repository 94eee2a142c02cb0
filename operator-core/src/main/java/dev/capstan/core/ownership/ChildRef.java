package dev.capstan.core.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Identifies a child object by API group, kind, namespace (empty when cluster-scoped) and name. The
 * version is left out on purpose: the same object is served under several versions.
 */
public record ChildRef(String group, String kind, String namespace, String name) {

  public ChildRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    group = Objects.requireNonNullElse(group, "");
    namespace = Objects.requireNonNullElse(namespace, "");
  }

  public static ChildRef of(HasMetadata object) {
    return new ChildRef(
        groupOf(object.getApiVersion()),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  /** The group of an {@code apiVersion} ({@code ""} for the core group's {@code v1}). */
  public static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  @Override
  public String toString() {
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    return qualifiedKind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
