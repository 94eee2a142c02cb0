package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.crds.common.ConditionedStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state, in the kstatus vocabulary: observedGeneration plus Ready/Reconciling/Stalled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficRuleStatus extends ConditionedStatus {

  // Same field as the base class, with a description specific to this resource for the CRD schema.
  @Override
  @JsonPropertyDescription(
      "Ready, Reconciling and Stalled, in metav1.Condition form. Ready means the NetworkPolicy"
          + " objects are written, never that a CNI enforces them.")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("How many NetworkPolicy objects the rule owns.")
  private Integer policyCount;

  @JsonPropertyDescription("The NetworkPolicy objects the rule owns, as namespace/name.")
  private List<String> policies = new ArrayList<>();

  @JsonPropertyDescription(
      "Parts of the rule that could not be realised (Error: Stalled) and caveats (Warning).")
  private List<IntentIssue> problems = new ArrayList<>();

  public Integer getPolicyCount() {
    return policyCount;
  }

  public void setPolicyCount(Integer policyCount) {
    this.policyCount = policyCount;
  }

  public List<String> getPolicies() {
    return policies;
  }

  public void setPolicies(List<String> policies) {
    this.policies = policies;
  }

  public List<IntentIssue> getProblems() {
    return problems;
  }

  public void setProblems(List<IntentIssue> problems) {
    this.problems = problems;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TrafficRuleStatus)) {
      return false;
    }
    TrafficRuleStatus that = (TrafficRuleStatus) o;
    return sameConditionsAs(that)
        && Objects.equals(policyCount, that.policyCount)
        && Objects.equals(policies, that.policies)
        && Objects.equals(problems, that.problems);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getObservedGeneration(), getConditions(), policyCount, policies, problems);
  }
}
