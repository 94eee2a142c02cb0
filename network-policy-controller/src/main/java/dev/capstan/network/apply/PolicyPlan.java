package dev.capstan.network.apply;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What to write so that the policies an intent owns become exactly the desired ones: apply the
 * desired policies that are missing or differ, delete the owned ones no longer desired. Pure; an
 * unchanged intent plans nothing, which is what keeps a no-op reconcile write-free.
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
   * @param desired what the intent compiles to
   * @param owned what the cache holds labelled and annotated as the intent's (pruning candidates)
   * @param stored the stored object of a desired policy, by namespace/name, whoever labelled it
   */
  public static PolicyPlan of(
      Collection<NetworkPolicy> desired,
      Collection<NetworkPolicy> owned,
      Function<NetworkPolicy, Optional<NetworkPolicy>> stored) {
    Map<String, NetworkPolicy> actual = new LinkedHashMap<>();
    owned.forEach(p -> actual.put(PolicyMatch.key(p), p));
    List<NetworkPolicy> apply = new ArrayList<>();
    int unchanged = 0;
    for (NetworkPolicy policy : desired) {
      actual.remove(PolicyMatch.key(policy));
      Optional<NetworkPolicy> current = stored.apply(policy);
      if (current.isPresent() && PolicyMatch.matches(policy, current.get())) {
        unchanged++;
      } else {
        apply.add(policy);
      }
    }
    List<NetworkPolicy> delete = new ArrayList<>(actual.values());
    delete.sort(Comparator.comparing(PolicyMatch::key));
    return new PolicyPlan(apply, delete, unchanged);
  }

  public boolean isEmpty() {
    return apply.isEmpty() && delete.isEmpty();
  }
}
