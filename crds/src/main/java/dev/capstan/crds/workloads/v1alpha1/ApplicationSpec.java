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
import java.util.Map;

// Fields that only make sense for some workload kinds; each message says what to change.
@ValidationRule(
    value = "self.workload != 'CronJob' || has(self.cronJob)",
    message = "spec.cronJob with a schedule is required when workload is CronJob")
@ValidationRule(
    value = "!has(self.cronJob) || self.workload == 'CronJob'",
    message = "spec.cronJob is only allowed when workload is CronJob; remove it or set workload")
@ValidationRule(
    value = "!has(self.job) || self.workload == 'Job' || self.workload == 'CronJob'",
    message = "spec.job is only allowed when workload is Job or CronJob")
@ValidationRule(
    value = "!has(self.statefulSet) || self.workload == 'StatefulSet'",
    message = "spec.statefulSet is only allowed when workload is StatefulSet")
@ValidationRule(
    value =
        "!has(self.replicas) || self.workload == 'Deployment' || self.workload == 'StatefulSet'",
    message =
        "spec.replicas is only allowed for Deployment and StatefulSet: a DaemonSet runs one pod per"
            + " matching node, a Job or CronJob uses spec.job.parallelism and completions")
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
      "Node labels a pod's node must have, e.g. {kubernetes.io/os: linux}; for a DaemonSet, the"
          + " nodes that run one pod each.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("StatefulSet settings; only with workload StatefulSet.")
  private ApplicationStatefulSet statefulSet;

  @JsonPropertyDescription("How pods run to completion; only with workload Job or CronJob.")
  private ApplicationJob job;

  @JsonPropertyDescription("The schedule; required with workload CronJob and only allowed there.")
  private ApplicationCronJob cronJob;

  @JsonPropertyDescription(
      "Configuration files, kept in a ConfigMap and mounted into every container.")
  private ApplicationConfig config;

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public ApplicationStatefulSet getStatefulSet() {
    return statefulSet;
  }

  public void setStatefulSet(ApplicationStatefulSet statefulSet) {
    this.statefulSet = statefulSet;
  }

  public ApplicationJob getJob() {
    return job;
  }

  public void setJob(ApplicationJob job) {
    this.job = job;
  }

  public ApplicationCronJob getCronJob() {
    return cronJob;
  }

  public void setCronJob(ApplicationCronJob cronJob) {
    this.cronJob = cronJob;
  }

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
