package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.security.policy.Violation;
import dev.capstan.security.policy.standards.PodSecurityStandards;
import dev.capstan.security.policy.standards.PssVersion;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base profile's verdict on a pod object, per level and version, for one selection. Policies
 * sharing a base (typically most of them) would each run the same Pod Security Standards checks on
 * the same pod again: that was a third of a validating decision. Results are kept per pod object
 * (by identity): the unchanged pod of the validating phase, or a defaulted copy that policies with
 * equal defaults share in the mutating phase. Not thread-safe; one per selection.
 */
public final class BaseCheckMemo {

  private record Key(PodSecurityLevel level, PssVersion version) {}

  private final Map<Pod, Map<Key, List<Violation>>> byPod = new IdentityHashMap<>(4);

  /** {@link PodSecurityStandards#evaluate}, computed once per pod object, level and version. */
  public List<Violation> evaluate(PodSecurityLevel level, PssVersion version, Pod pod) {
    return byPod
        .computeIfAbsent(pod, p -> new HashMap<>(4))
        .computeIfAbsent(
            new Key(level, version),
            k -> List.copyOf(PodSecurityStandards.evaluate(level, version, pod)));
  }
}
