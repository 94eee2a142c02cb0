package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec {

  @JsonPropertyDescription("The native workload the application runs as.")
  @Default("Deployment")
  private WorkloadKind workload = WorkloadKind.Deployment;

  @JsonPropertyDescription(
      "Desired number of pods. Leave unset to let a HorizontalPodAutoscaler or a person own it; new"
          + " workloads then start with one pod.")
  @Min(0)
  private Integer replicas;

  @JsonPropertyDescription("The containers of every pod; they share the pod's network and volumes.")
  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "spec.containers: every container needs a unique name")
  private List<ApplicationContainer> containers = new ArrayList<>();

  @JsonPropertyDescription(
      "Configuration files, kept in a ConfigMap and mounted into every container.")
  private ApplicationConfig config;

  @JsonPropertyDescription("A Service that exposes the application's pods.")
  private ApplicationService service;

  public ApplicationConfig getConfig() {
    return config;
  }

  public void setConfig(ApplicationConfig config) {
    this.config = config;
  }

  public ApplicationService getService() {
    return service;
  }

  public void setService(ApplicationService service) {
    this.service = service;
  }

  public WorkloadKind getWorkload() {
    return workload;
  }

  public void setWorkload(WorkloadKind workload) {
    this.workload = workload;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public List<ApplicationContainer> getContainers() {
    return containers;
  }

  public void setContainers(List<ApplicationContainer> containers) {
    this.containers = containers;
  }
}
