package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.crds.common.ConditionedStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** Observed state: whether the policy is valid and in use, and how many running pods it rejects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSecurityPolicyStatus extends ConditionedStatus {

  // Same field as the base class, with a description specific to this resource for the CRD schema.
  @Override
  @JsonPropertyDescription(
      "Ready (the policy is valid and evaluated) and Stalled (it is invalid and skipped: the"
          + " message says what to fix), in metav1.Condition form.")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription(
      "Running pods in the policy's scope that it would not admit unchanged, at the last audit.")
  private Integer violatingPods;

  @JsonPropertyDescription(
      "Up to five of those pods, as namespace/name, so that kubectl get -o yaml shows where to"
          + " look.")
  private List<String> violatingPodNames;

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PodSecurityPolicyStatus)) {
      return false;
    }
    PodSecurityPolicyStatus that = (PodSecurityPolicyStatus) o;
    return sameConditionsAs(that)
        && Objects.equals(violatingPods, that.violatingPods)
        && Objects.equals(violatingPodNames, that.violatingPodNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getObservedGeneration(), getConditions(), violatingPods, violatingPodNames);
  }

  public Integer getViolatingPods() {
    return violatingPods;
  }

  public void setViolatingPods(Integer violatingPods) {
    this.violatingPods = violatingPods;
  }

  public List<String> getViolatingPodNames() {
    return violatingPodNames;
  }

  public void setViolatingPodNames(List<String> violatingPodNames) {
    this.violatingPodNames = violatingPodNames;
  }
}
