package dev.capstan.core.apply;

import java.util.List;

/**
 * What to do when the desired object changes a field that cannot change in place (see {@link
 * ImmutableFields}).
 */
public enum ImmutableChangeStrategy {
  /** Delete the object (its dependents go too, in the background) and create it anew. */
  RECREATE,
  /**
   * Delete the object but orphan its dependents, then create it anew: the new object adopts them.
   * The way to change a StatefulSet's volumeClaimTemplates: pods and volumes stay.
   */
  RECREATE_KEEPING_DEPENDENTS,
  /** Change nothing; report {@code Stalled} with a message saying what to do. */
  STALL;

  /**
   * Capstan's defaults. Nothing that holds data or serves traffic is deleted unasked:
   *
   * <ul>
   *   <li>PersistentVolumeClaims, Services and CSIDrivers stall: recreating would lose data, the
   *       service address, or the attachment of live volumes.
   *   <li>A workload whose selector changes stalls: its pods would be orphaned or all deleted at
   *       once.
   *   <li>A StatefulSet's other immutable fields: recreate keeping pods and volumes.
   *   <li>Jobs (a new template is a new run), role bindings, StorageClasses and immutable
   *       ConfigMaps/Secrets: recreate.
   * </ul>
   */
  public static ImmutableChangeStrategy defaultFor(
      String group, String kind, List<String> changedPaths) {
    String groupKind = group + "/" + kind;
    if (changedPaths.contains("spec.selector") && !"batch/Job".equals(groupKind)) {
      return STALL;
    }
    return switch (groupKind) {
      case "apps/StatefulSet" -> RECREATE_KEEPING_DEPENDENTS;
      case "batch/Job",
          "rbac.authorization.k8s.io/RoleBinding",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "storage.k8s.io/StorageClass",
          "/ConfigMap",
          "/Secret" ->
          RECREATE;
      default -> STALL;
    };
  }
}
