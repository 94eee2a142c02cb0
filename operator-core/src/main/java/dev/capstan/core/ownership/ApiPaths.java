package dev.capstan.core.ownership;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** REST paths of API objects, for the requests fabric8's DSL cannot express. Pure. */
final class ApiPaths {

  private ApiPaths() {}

  /** {@code /api/v1/namespaces/ns/pods/name}, {@code /apis/rbac…/clusterroles/name}, … */
  static String objectPath(ResourceDefinitionContext kind, String namespace, String name) {
    StringBuilder path = new StringBuilder();
    if (kind.getGroup() == null || kind.getGroup().isEmpty()) {
      path.append("/api/").append(kind.getVersion());
    } else {
      path.append("/apis/").append(kind.getGroup()).append('/').append(kind.getVersion());
    }
    if (kind.isNamespaceScoped()) {
      if (namespace == null || namespace.isEmpty()) {
        throw new IllegalArgumentException(kind.getKind() + " " + name + " needs a namespace");
      }
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(kind.getPlural()).append('/').append(name).toString();
  }
}
