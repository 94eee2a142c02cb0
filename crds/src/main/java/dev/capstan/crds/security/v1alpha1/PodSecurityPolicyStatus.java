package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state: whether the policy is valid and in use, and how many running pods it rejects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSecurityPolicyStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the policy is valid and evaluated) and Stalled (it is invalid and skipped: the"
          + " message says what to fix), in metav1.Condition form.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Running pods in the policy's scope that it would not admit unchanged, at the last audit.")
  private Integer violatingPods;

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PodSecurityPolicyStatus)) {
      return false;
    }
    PodSecurityPolicyStatus that = (PodSecurityPolicyStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(violatingPods, that.violatingPods);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, violatingPods);
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getViolatingPods() {
    return violatingPods;
  }

  public void setViolatingPods(Integer violatingPods) {
    this.violatingPods = violatingPods;
  }
}
