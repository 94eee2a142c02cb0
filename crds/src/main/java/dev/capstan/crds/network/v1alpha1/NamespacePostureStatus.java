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
public class NamespacePostureStatus extends ConditionedStatus {

  // Same field as the base class, with a description specific to this resource for the CRD schema.
  @Override
  @JsonPropertyDescription(
      "Ready, Reconciling and Stalled, in metav1.Condition form. Ready means the NetworkPolicy"
          + " objects are written, never that a CNI enforces them.")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("How many namespaces the posture selects.")
  private Integer namespaceCount;

  @JsonPropertyDescription("The selected namespaces (at most 100 listed).")
  private List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("How many NetworkPolicy objects the posture owns.")
  private Integer policyCount;

  @JsonPropertyDescription(
      "The NetworkPolicy objects the posture owns, as namespace/name (at most 100 listed).")
  private List<String> policies = new ArrayList<>();

  @JsonPropertyDescription(
      "Parts of the posture that could not be realised (Error: Stalled) and caveats (Warning).")
  private List<IntentIssue> problems = new ArrayList<>();

  @JsonPropertyDescription(
      "Risky NetworkPolicy objects not written by Capstan in the selected namespaces (at most 100"
          + " listed).")
  private List<IntentIssue> lintFindings = new ArrayList<>();

  public Integer getNamespaceCount() {
    return namespaceCount;
  }

  public void setNamespaceCount(Integer namespaceCount) {
    this.namespaceCount = namespaceCount;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

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

  public List<IntentIssue> getLintFindings() {
    return lintFindings;
  }

  public void setLintFindings(List<IntentIssue> lintFindings) {
    this.lintFindings = lintFindings;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NamespacePostureStatus)) {
      return false;
    }
    NamespacePostureStatus that = (NamespacePostureStatus) o;
    return sameConditionsAs(that)
        && Objects.equals(namespaceCount, that.namespaceCount)
        && Objects.equals(namespaces, that.namespaces)
        && Objects.equals(policyCount, that.policyCount)
        && Objects.equals(policies, that.policies)
        && Objects.equals(problems, that.problems)
        && Objects.equals(lintFindings, that.lintFindings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        getObservedGeneration(),
        getConditions(),
        namespaceCount,
        namespaces,
        policyCount,
        policies,
        problems,
        lintFindings);
  }
}
