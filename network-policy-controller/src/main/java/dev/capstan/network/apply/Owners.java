package dev.capstan.network.apply;

import dev.capstan.core.ownership.OwnerLabels;
import dev.capstan.network.compile.Owner;
import dev.capstan.network.compile.PolicyMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ownership of generated policies. Every policy carries the owner's readable labels and annotation
 * (set by the pure compiler, see {@link PolicyMetadata}: how events find their intent and {@code
 * kubectl get -l} finds the policies); at the reconciler's edge {@link #owned} adds operator-core's
 * {@link OwnerLabels} (the owner's UID, which decides what may be pruned, see {@link PolicyPlan})
 * and an owner reference where Kubernetes allows one — a cluster-scoped owner may own objects in
 * any namespace, a namespaced owner only in its own — so that the garbage collector removes them
 * with the intent.
 */
public final class Owners {

  /** The {@code app.kubernetes.io/managed-by} value of every generated policy. */
  public static final String MANAGER = PolicyMetadata.MANAGED_BY;

  private Owners() {}

  /** The policies with the owner's UID labels and, where allowed, an owner reference. */
  public static List<NetworkPolicy> owned(List<NetworkPolicy> policies, HasMetadata owner) {
    String ownerNamespace = owner.getMetadata().getNamespace();
    return policies.stream()
        .map(p -> OwnerLabels.mark(new NetworkPolicyBuilder(p).build(), owner, MANAGER))
        .map(
            p ->
                ownerNamespace == null || ownerNamespace.equals(p.getMetadata().getNamespace())
                    ? withOwnerReference(p, owner)
                    : p)
        .toList();
  }

  private static NetworkPolicy withOwnerReference(NetworkPolicy policy, HasMetadata owner) {
    return new NetworkPolicyBuilder(policy)
        .editMetadata()
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  /** The owner a generated policy names in its annotation, e.g. {@code NamespacePosture/base}. */
  public static String ownerOf(NetworkPolicy policy) {
    if (!PolicyMetadata.MANAGED_BY.equals(labels(policy).get(PolicyMetadata.MANAGED_BY_LABEL))) {
      return null;
    }
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(PolicyMetadata.OWNER_ANNOTATION);
  }

  public static boolean isGenerated(NetworkPolicy policy) {
    return PolicyMetadata.MANAGED_BY.equals(labels(policy).get(PolicyMetadata.MANAGED_BY_LABEL));
  }

  public static boolean ownedBy(NetworkPolicy policy, Owner owner) {
    return Objects.equals(ownerOf(policy), owner.toString());
  }

  private static Map<String, String> labels(NetworkPolicy policy) {
    Map<String, String> labels = policy.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
