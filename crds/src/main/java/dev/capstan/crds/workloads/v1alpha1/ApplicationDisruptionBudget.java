package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** A PodDisruptionBudget that limits voluntary evictions (drains) of the application's pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.minAvailable) != has(self.maxUnavailable)",
    message = "disruptionBudget: set exactly one of minAvailable or maxUnavailable")
public class ApplicationDisruptionBudget {

  @JsonPropertyDescription(
      "Pods that must stay available during a drain: a number or a percentage.")
  private IntOrString minAvailable;

  @JsonPropertyDescription("Pods that may be unavailable during a drain: a number or a percentage.")
  private IntOrString maxUnavailable;

  public IntOrString getMinAvailable() {
    return minAvailable;
  }

  public void setMinAvailable(IntOrString minAvailable) {
    this.minAvailable = minAvailable;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }
}
