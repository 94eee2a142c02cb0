package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.security.policy.Violation;
import dev.capstan.security.policy.standards.PodSecurityStandards;
import dev.capstan.security.policy.standards.PssVersion;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The base profile's verdict on one pod object, per level and version, for one selection. Without
 * defaulting (the validating phase) every policy judges the same, unchanged pod, and policies
 * sharing a base (typically most of them) would each run the same Pod Security Standards checks
 * again: that was a third of a validating decision. Results are kept only for the pod object they
 * were computed on (by identity): a defaulted copy is a different object and is checked anew. Not
 * thread-safe; one per selection.
 */
public final class BaseCheckMemo {

  private record Key(PodSecurityLevel level, PssVersion version) {}

  private Pod pod;
  private final Map<Key, List<Violation>> byBase = new HashMap<>(4);

  /** {@link PodSecurityStandards#evaluate}, computed once per pod object, level and version. */
  public List<Violation> evaluate(PodSecurityLevel level, PssVersion version, Pod pod) {
    if (this.pod != pod) {
      this.pod = pod;
      byBase.clear();
    }
    return byBase.computeIfAbsent(
        new Key(level, version),
        k -> List.copyOf(PodSecurityStandards.evaluate(level, version, pod)));
  }
}
