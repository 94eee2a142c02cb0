package dev.capstan.workloads.application;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@link Rollback} needs to know of an observed workload, whatever its kind: so Deployments
 * and StatefulSets share one decision. Built by {@link RollbackContext} from the informer's copy.
 *
 * @param annotations the workload's annotations: the spec hash it runs and a recorded failure
 * @param generationObserved whether the workload's status is about its current spec (kubectl
 *     rollout status, step 1)
 * @param progress how far the workload's rollout is (see {@link WorkloadProgress})
 * @param newRevisionPods the pods of the revision being rolled out (a Deployment's newest
 *     ReplicaSet, a StatefulSet's update revision); asked for only while that revision rolls out
 *     and a rollback is possible, since listing them costs an API call
 * @param notReadyDeadline how long a pod of the new revision may stay not Ready before the revision
 *     counts as failed; null when the workload's own controller reports a missed deadline (a
 *     Deployment's ProgressDeadlineExceeded)
 */
record ObservedRollout(
    Map<String, String> annotations,
    boolean generationObserved,
    WorkloadProgress progress,
    Supplier<List<Pod>> newRevisionPods,
    Duration notReadyDeadline) {

  static ObservedRollout of(Deployment deployment, Supplier<List<Pod>> newRevisionPods) {
    Long observed =
        deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration();
    return new ObservedRollout(
        annotations(deployment),
        observed(deployment, observed),
        WorkloadProgress.of(Optional.of(deployment)),
        newRevisionPods,
        null);
  }

  /**
   * A StatefulSet has no progress deadline of its own: with OrderedReady a pod that never becomes
   * Ready halts the rollout silently, so the deadline is applied to its update revision's pods.
   */
  static ObservedRollout of(
      StatefulSet statefulSet, Duration notReadyDeadline, Supplier<List<Pod>> newRevisionPods) {
    Long observed =
        statefulSet.getStatus() == null ? null : statefulSet.getStatus().getObservedGeneration();
    return new ObservedRollout(
        annotations(statefulSet),
        observed(statefulSet, observed),
        WorkloadProgress.of(Optional.of(statefulSet)),
        newRevisionPods,
        notReadyDeadline);
  }

  String annotation(String key) {
    return annotations.get(key);
  }

  private static Map<String, String> annotations(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static boolean observed(HasMetadata workload, Long observedGeneration) {
    Long generation = workload.getMetadata().getGeneration();
    return observedGeneration != null && (generation == null || observedGeneration >= generation);
  }
}
