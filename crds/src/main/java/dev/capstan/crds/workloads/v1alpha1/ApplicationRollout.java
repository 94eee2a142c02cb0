package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * How a new revision replaces the old one. A StatefulSet's phased rollout is
 * spec.statefulSet.partition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.maxSurge) && !has(self.maxUnavailable) || !has(self.strategy) || self.strategy"
            + " == 'RollingUpdate'",
    message = "rollout: maxSurge and maxUnavailable only apply to the RollingUpdate strategy")
public class ApplicationRollout {

  @JsonPropertyDescription(
      "RollingUpdate (Kubernetes' default): replace pods a few at a time. Recreate (Deployment"
          + " only): stop all old pods first. OnDelete (StatefulSet, DaemonSet): replace a pod only"
          + " when someone deletes it.")
  private Strategy strategy;

  @JsonPropertyDescription(
      "Extra pods above the desired count during a rolling update (Deployment, DaemonSet): a"
          + " number or a percentage; Kubernetes' default 25% (Deployment) or 0 (DaemonSet).")
  private IntOrString maxSurge;

  @JsonPropertyDescription(
      "Pods that may be unavailable during a rolling update (Deployment, DaemonSet): a number or"
          + " a percentage; Kubernetes' default 25% (Deployment) or 1 (DaemonSet).")
  private IntOrString maxUnavailable;

  @JsonPropertyDescription(
      "Seconds a Deployment's rollout may go without progress before it counts as failed"
          + " (Stalled, reason ProgressDeadlineExceeded; rolled back when there is a last good"
          + " revision); Kubernetes' default 600. For a StatefulSet, which has no deadline of its"
          + " own, how long a pod of a new revision may stay not Ready before Capstan rolls the"
          + " revision back (default 600).")
  @Min(1)
  @Max(86400)
  private Integer progressDeadlineSeconds;

  @JsonPropertyDescription("Seconds a new pod must be Ready before it counts as available.")
  @Min(0)
  @Max(3600)
  private Integer minReadySeconds;

  public enum Strategy {
    RollingUpdate,
    Recreate,
    OnDelete
  }

  public Strategy getStrategy() {
    return strategy;
  }

  public void setStrategy(Strategy strategy) {
    this.strategy = strategy;
  }

  public IntOrString getMaxSurge() {
    return maxSurge;
  }

  public void setMaxSurge(IntOrString maxSurge) {
    this.maxSurge = maxSurge;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }
}
