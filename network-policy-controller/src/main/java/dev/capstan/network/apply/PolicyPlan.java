package dev.capstan.network.apply;

import dev.capstan.core.ownership.ChildRef;
import dev.capstan.core.ownership.PrunePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What to write so that the policies an intent owns become exactly the desired ones: apply the
 * desired policies that are missing or differ, delete the owned ones no longer desired. Pure; an
 * unchanged intent plans nothing, which is what keeps a no-op reconcile write-free.
 *
 * <p>What may be deleted is operator-core's {@link PrunePlan}, the one pruning rule of Capstan:
 * only policies carrying this intent's UID and Capstan's manager label, not already being deleted,
 * and without {@code capstan.dev/prune: disabled}.
 *
 * @param apply desired policies to server-side apply
 * @param delete owned policies to delete
 * @param unchanged desired policies already stored as desired
 */
public record PolicyPlan(List<NetworkPolicy> apply, List<NetworkPolicy> delete, int unchanged) {

  public PolicyPlan {
    apply = List.copyOf(apply);
    delete = List.copyOf(delete);
  }

  /**
   * @param primary the intent, as read from the apiserver (its UID marks its policies)
   * @param desired what the intent compiles to, marked by {@link Owners#owned}
   * @param owned what the cache holds annotated as the intent's (pruning candidates)
   * @param stored the stored object of a desired policy, by namespace/name, whoever labelled it
   */
  public static PolicyPlan of(
      HasMetadata primary,
      Collection<NetworkPolicy> desired,
      Collection<NetworkPolicy> owned,
      Function<NetworkPolicy, Optional<NetworkPolicy>> stored) {
    List<NetworkPolicy> apply = new ArrayList<>();
    int unchanged = 0;
    for (NetworkPolicy policy : desired) {
      Optional<NetworkPolicy> current = stored.apply(policy);
      if (current.isPresent() && PolicyMatch.matches(policy, current.get())) {
        unchanged++;
      } else {
        apply.add(policy);
      }
    }
    Set<ChildRef> wanted = desired.stream().map(ChildRef::of).collect(Collectors.toSet());
    List<NetworkPolicy> delete =
        PrunePlan.unwanted(primary, Owners.MANAGER, owned, wanted).stream()
            .map(NetworkPolicy.class::cast)
            .sorted(Comparator.comparing(PolicyMatch::key))
            .toList();
    return new PolicyPlan(apply, delete, unchanged);
  }

  public boolean isEmpty() {
    return apply.isEmpty() && delete.isEmpty();
  }
}
