package dev.capstan.core.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The labels that record which primary owns a child, for children that owner references cannot
 * cover: cluster-scoped children of a namespaced primary, and children in another namespace than
 * their primary. Garbage collection ignores such children, so the controller prunes and cleans them
 * up itself, selecting them by these labels.
 *
 * <p>The primary's UID identifies it: names may be 253 characters, label values only 63, and a UID
 * also tells a recreated primary of the same name from the old one. A human-readable owner goes
 * into an annotation. A child is only ever pruned if it carries both the owner UID and the
 * controller's {@code app.kubernetes.io/managed-by} label: nothing is adopted or deleted by name.
 */
public final class OwnerLabels {

  /** The UID of the owning primary. */
  public static final String OWNER_UID = "capstan.dev/owner-uid";

  /** The kind of the owning primary (for humans and {@code kubectl get -l}). */
  public static final String OWNER_KIND = "capstan.dev/owner-kind";

  /** The manager label every Capstan child carries. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /**
   * {@code apiVersion/Kind/namespace/name} of the owning primary ({@code namespace} empty if none).
   */
  public static final String OWNER_ANNOTATION = "capstan.dev/owner";

  /**
   * Set to {@code disabled} on a child to keep it when its primary no longer wants it or is deleted
   * (as Flux's {@code prune: disabled}); the controller then leaves it alone.
   */
  public static final String PRUNE_ANNOTATION = "capstan.dev/prune";

  public static final String PRUNE_DISABLED = "disabled";

  private OwnerLabels() {}

  /** The labels a child of {@code primary} carries, managed by {@code manager}. */
  public static Map<String, String> labels(HasMetadata primary, String manager) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, manager);
    labels.put(OWNER_UID, uid(primary));
    labels.put(OWNER_KIND, primary.getKind());
    return labels;
  }

  /** The label selector of every child of {@code primary} managed by {@code manager}. */
  public static Map<String, String> selector(HasMetadata primary, String manager) {
    return Map.of(MANAGED_BY, manager, OWNER_UID, uid(primary));
  }

  /** The owner annotation's value for {@code primary}. */
  public static String ownerAnnotation(HasMetadata primary) {
    ObjectMeta meta = primary.getMetadata();
    return primary.getApiVersion()
        + "/"
        + primary.getKind()
        + "/"
        + Objects.requireNonNullElse(meta.getNamespace(), "")
        + "/"
        + meta.getName();
  }

  /**
   * Adds the owner labels and annotation to {@code child} (in place) and returns it, keeping the
   * child's other labels and annotations.
   */
  public static <T extends HasMetadata> T mark(T child, HasMetadata primary, String manager) {
    ObjectMeta meta = child.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (meta.getLabels() != null) {
      labels.putAll(meta.getLabels());
    }
    labels.putAll(labels(primary, manager));
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (meta.getAnnotations() != null) {
      annotations.putAll(meta.getAnnotations());
    }
    annotations.put(OWNER_ANNOTATION, ownerAnnotation(primary));
    meta.setAnnotations(annotations);
    return child;
  }

  /**
   * Whether {@code child} carries the labels of a child of {@code primary} under {@code manager}.
   */
  public static boolean isOwnedBy(HasMetadata child, HasMetadata primary, String manager) {
    Map<String, String> labels = child.getMetadata().getLabels();
    return labels != null
        && manager.equals(labels.get(MANAGED_BY))
        && uid(primary).equals(labels.get(OWNER_UID));
  }

  /** Whether a person asked to keep {@code child} ({@value #PRUNE_ANNOTATION}: disabled). */
  public static boolean pruneDisabled(HasMetadata child) {
    Map<String, String> annotations = child.getMetadata().getAnnotations();
    return annotations != null && PRUNE_DISABLED.equals(annotations.get(PRUNE_ANNOTATION));
  }

  private static String uid(HasMetadata primary) {
    String uid = primary.getMetadata().getUid();
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException(
          "the primary "
              + primary.getKind()
              + " "
              + primary.getMetadata().getName()
              + " has no UID: owner labels need a primary read from the API server");
    }
    return uid;
  }
}
