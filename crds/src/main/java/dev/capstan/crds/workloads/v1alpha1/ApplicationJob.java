package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How the pods of a Job (or of each Job a CronJob starts) run to completion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationJob {

  @JsonPropertyDescription("Successful pods needed for the Job to complete; Kubernetes' default 1.")
  @Min(1)
  private Integer completions;

  @JsonPropertyDescription("Pods running at the same time; Kubernetes' default 1.")
  @Min(0)
  private Integer parallelism;

  @JsonPropertyDescription("Retries before the Job is marked failed; Kubernetes' default 6.")
  @Min(0)
  private Integer backoffLimit;

  @JsonPropertyDescription(
      "Seconds the Job may run, counted from its start, before it is stopped and marked failed.")
  @Min(1)
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription(
      "OnFailure (default: restart the failed container in place) or Never (start a new pod).")
  @Default("OnFailure")
  private RestartPolicy restartPolicy = RestartPolicy.OnFailure;

  public enum RestartPolicy {
    OnFailure,
    Never
  }

  public Integer getCompletions() {
    return completions;
  }

  public void setCompletions(Integer completions) {
    this.completions = completions;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public RestartPolicy getRestartPolicy() {
    return restartPolicy;
  }

  public void setRestartPolicy(RestartPolicy restartPolicy) {
    this.restartPolicy = restartPolicy;
  }
}
