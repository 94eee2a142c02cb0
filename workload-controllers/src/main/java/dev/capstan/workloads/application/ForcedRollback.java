package dev.capstan.workloads.application;

import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' "forced rollback" for StatefulSets (kubernetes/kubernetes#67250): with OrderedReady,
 * a pod of a revision that never becomes Ready halts the StatefulSet controller, and restoring the
 * template does not help, because the controller waits for that pod before it replaces anything. So
 * once a rollback is applied and the StatefulSet controller has taken it in (its update revision is
 * the restored template), the pods left on another revision that are not Ready are deleted, and the
 * StatefulSet controller recreates them from the restored template. Pure; {@link
 * ApplicationReconciler} lists and deletes.
 *
 * <p>Only pods owned by this StatefulSet (owner reference UID), from the partition up (below it the
 * old revision is wanted, even for a pod recreated), on a revision other than the update revision,
 * not Ready and not already being deleted. Claims are never touched: a recreated pod binds its
 * ordinal's claim again.
 */
final class ForcedRollback {

  private ForcedRollback() {}

  /**
   * Whether to look for stuck pods: rolled back, the StatefulSet runs the restored template and its
   * controller has observed that (so a deleted pod comes back from it), and it is not yet
   * available. Otherwise nothing is listed.
   */
  static boolean due(Rollback decision, Optional<StatefulSet> observed) {
    if (!decision.rolledBack() || observed.isEmpty()) {
      return false;
    }
    StatefulSet statefulSet = observed.get();
    ObservedRollout rollout = ObservedRollout.of(statefulSet, null, List::of);
    return decision.appliedSpecHash().equals(rollout.annotation(Rollback.SPEC_HASH))
        && rollout.generationObserved()
        && statefulSet.getStatus().getUpdateRevision() != null
        && rollout.progress().phase() != Phase.AVAILABLE;
  }

  /** The pods to delete, of those that carry the StatefulSet's selector labels. */
  static List<Pod> stuckPods(StatefulSet statefulSet, List<Pod> pods) {
    String updateRevision = statefulSet.getStatus().getUpdateRevision();
    int partition = partition(statefulSet);
    return pods.stream()
        .filter(pod -> ownedBy(pod, statefulSet))
        .filter(pod -> ordinal(pod, statefulSet).map(o -> o >= partition).orElse(false))
        .filter(pod -> !updateRevision.equals(revision(pod)))
        .filter(pod -> Rollback.notReadySince(pod).isPresent())
        .toList();
  }

  private static boolean ownedBy(Pod pod, StatefulSet statefulSet) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && Objects.equals(o.getUid(), statefulSet.getMetadata().getUid()));
  }

  /** A StatefulSet's pod is named {@code <statefulset>-<ordinal>}. */
  private static Optional<Integer> ordinal(Pod pod, StatefulSet statefulSet) {
    String prefix = statefulSet.getMetadata().getName() + "-";
    String name = pod.getMetadata().getName();
    if (!name.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(name.substring(prefix.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String revision(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(RollbackContext.STATEFUL_SET_REVISION);
  }

  private static int partition(StatefulSet statefulSet) {
    var strategy = statefulSet.getSpec().getUpdateStrategy();
    if (strategy == null || strategy.getRollingUpdate() == null) {
      return 0;
    }
    return Objects.requireNonNullElse(strategy.getRollingUpdate().getPartition(), 0);
  }
}
