package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state, in the kstatus vocabulary: observedGeneration plus Ready/Reconciling/Stalled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespacePostureStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Reconciling and Stalled, in metav1.Condition form. Ready means the NetworkPolicy"
          + " objects are written, never that a CNI enforces them.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many namespaces the posture selects.")
  private Integer namespaceCount;

  @JsonPropertyDescription("The selected namespaces (at most 100 listed).")
  private List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("How many NetworkPolicy objects the posture owns.")
  private Integer policyCount;

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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NamespacePostureStatus)) {
      return false;
    }
    NamespacePostureStatus that = (NamespacePostureStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(namespaceCount, that.namespaceCount)
        && Objects.equals(namespaces, that.namespaces)
        && Objects.equals(policyCount, that.policyCount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, namespaceCount, namespaces, policyCount);
  }
}
