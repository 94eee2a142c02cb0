package dev.capstan.crds.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every Capstan status starts with, in the kstatus vocabulary that kubectl wait, Argo CD and
 * Flux understand: the generation it describes and metav1.Condition-style conditions ({@code
 * Ready}, and the abnormal-true {@code Reconciling} and {@code Stalled}).
 */
public abstract class ConditionedStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled, in metav1.Condition form.")
  private List<Condition> conditions = new ArrayList<>();

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

  /** For subclasses' equals: the shared part is equal. */
  protected boolean sameConditionsAs(ConditionedStatus other) {
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions);
  }
}
