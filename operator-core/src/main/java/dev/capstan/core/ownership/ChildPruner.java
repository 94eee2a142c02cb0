package dev.capstan.core.ownership;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes and cleans up the children that owner references cannot cover (see {@link OwnerLabels}):
 * lists the kinds it was given by the owner labels, plans with {@link PrunePlan} and deletes.
 *
 * <p>Why it exists: JOSDK prunes the dependents it manages and Kubernetes' garbage collector
 * deletes owner-referenced children, but neither knows a cluster-scoped child of a namespaced
 * primary or a child in another namespace. Call {@link #prune} after applying the desired set and
 * {@link #deleteAll} from the reconciler's cleanup (JOSDK {@code Cleaner}, so a finalizer keeps the
 * primary until its children are gone).
 *
 * <p>Each delete carries a UID precondition, so an object recreated under the same name in the
 * meantime is not deleted, and uses background propagation. Reads are label-selected LISTs, one per
 * kind; no write happens when nothing is unwanted.
 */
public final class ChildPruner {

  private static final Logger LOGGER = LoggerFactory.getLogger(ChildPruner.class);

  private final KubernetesClient client;
  private final String manager;
  private final List<ResourceDefinitionContext> kinds;

  /**
   * @param manager the controller's {@code app.kubernetes.io/managed-by} value
   * @param kinds every kind this controller may have created as a label-owned child
   */
  public ChildPruner(
      KubernetesClient client, String manager, List<ResourceDefinitionContext> kinds) {
    this.client = client;
    this.manager = manager;
    this.kinds = List.copyOf(kinds);
  }

  /** Deletes the children of {@code primary} that are not in {@code desired}; returns them. */
  public List<ChildRef> prune(HasMetadata primary, Collection<? extends HasMetadata> desired) {
    Set<ChildRef> wanted = desired.stream().map(ChildRef::of).collect(Collectors.toSet());
    return deleteWhere(primary, wanted);
  }

  /** Deletes every child of {@code primary} (it is being deleted); returns them. */
  public List<ChildRef> deleteAll(HasMetadata primary) {
    return deleteWhere(primary, Set.of());
  }

  private List<ChildRef> deleteWhere(HasMetadata primary, Set<ChildRef> wanted) {
    List<ChildRef> deleted = new ArrayList<>();
    Map<String, String> selector = OwnerLabels.selector(primary, manager);
    for (ResourceDefinitionContext kind : kinds) {
      List<GenericKubernetesResource> observed = list(kind, selector);
      for (HasMetadata child : PrunePlan.unwanted(primary, manager, observed, wanted)) {
        if (delete(kind, child)) {
          deleted.add(ChildRef.of(child));
        }
      }
    }
    return deleted;
  }

  private List<GenericKubernetesResource> list(
      ResourceDefinitionContext kind, Map<String, String> selector) {
    var operation = client.genericKubernetesResources(kind);
    List<GenericKubernetesResource> items =
        kind.isNamespaceScoped()
            ? operation.inAnyNamespace().withLabels(selector).list().getItems()
            : operation.withLabels(selector).list().getItems();
    // List items of built-in kinds come without apiVersion and kind.
    String apiVersion =
        kind.getGroup() == null || kind.getGroup().isEmpty()
            ? kind.getVersion()
            : kind.getGroup() + "/" + kind.getVersion();
    items.forEach(
        item -> {
          item.setApiVersion(apiVersion);
          item.setKind(kind.getKind());
        });
    return items;
  }

  /**
   * Deletes one child the caller planned to prune (e.g. with {@link PrunePlan} over an informer
   * cache, where a LIST per reconcile is not wanted), with the same UID precondition and
   * propagation as {@link #prune}. Its kind must be one this pruner was given.
   *
   * @return true if this call deleted it; false if it was gone or replaced by another object
   */
  public boolean delete(HasMetadata child) {
    ChildRef ref = ChildRef.of(child);
    ResourceDefinitionContext kind =
        kinds.stream()
            .filter(k -> k.getKind().equals(ref.kind()))
            .filter(k -> java.util.Objects.requireNonNullElse(k.getGroup(), "").equals(ref.group()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("not a kind this pruner manages: " + ref));
    return delete(kind, child);
  }

  /** True if this call deleted it; false if it was gone or replaced by another object. */
  private boolean delete(ResourceDefinitionContext kind, HasMetadata child) {
    DeleteOptions options =
        new DeleteOptionsBuilder()
            .withPropagationPolicy(DeletionPropagation.BACKGROUND.toString())
            .withNewPreconditions()
            .withUid(child.getMetadata().getUid())
            .endPreconditions()
            .build();
    String path =
        ApiPaths.objectPath(
            kind, child.getMetadata().getNamespace(), child.getMetadata().getName());
    try {
      String response = client.raw(path, "DELETE", options);
      if (response == null) {
        return false; // not found: already gone
      }
      LOGGER.info("Pruned {}", ChildRef.of(child));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        // Gone, or a different object of the same name now: not ours to delete.
        return false;
      }
      throw e;
    }
  }
}
