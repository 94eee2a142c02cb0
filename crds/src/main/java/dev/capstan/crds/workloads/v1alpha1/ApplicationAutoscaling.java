package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU. It owns the replica count: the workload is
 * applied without replicas while it exists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "autoscaling: minReplicas must not exceed maxReplicas")
public class ApplicationAutoscaling {

  @JsonPropertyDescription("Fewest pods.")
  @Default("1")
  @Min(1)
  private Integer minReplicas = 1;

  @JsonPropertyDescription("Most pods.")
  @Required
  @Min(1)
  private Integer maxReplicas;

  @JsonPropertyDescription(
      "Average CPU use the autoscaler aims for, in percent of the containers' CPU requests.")
  @Default("80")
  @Min(1)
  @Max(1000)
  private Integer targetCPUUtilizationPercentage = 80;

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getTargetCPUUtilizationPercentage() {
    return targetCPUUtilizationPercentage;
  }

  public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
    this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
  }
}
