package dev.capstan.core.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which observed children to delete: pure, so the safety rules are unit-tested without a cluster. A
 * child is deleted only if it carries this primary's owner UID and this controller's manager label,
 * is not in the desired set, is not already being deleted, and nobody set {@code capstan.dev/prune:
 * disabled} on it. Objects that merely share a name are never touched.
 */
public final class PrunePlan {

  private PrunePlan() {}

  /** Children of {@code primary} that are no longer desired. */
  public static List<HasMetadata> unwanted(
      HasMetadata primary,
      String manager,
      Collection<? extends HasMetadata> observed,
      Set<ChildRef> desired) {
    return observed.stream()
        .filter(child -> OwnerLabels.isOwnedBy(child, primary, manager))
        .filter(child -> !desired.contains(ChildRef.of(child)))
        .filter(child -> child.getMetadata().getDeletionTimestamp() == null)
        .filter(child -> !OwnerLabels.pruneDisabled(child))
        .map(HasMetadata.class::cast)
        .sorted(Comparator.comparing(child -> ChildRef.of(child).toString()))
        .toList();
  }

  /** Every child of a primary that is going away, for its cleanup. */
  public static List<HasMetadata> all(
      HasMetadata primary, String manager, Collection<? extends HasMetadata> observed) {
    return unwanted(primary, manager, observed, Set.of());
  }
}
