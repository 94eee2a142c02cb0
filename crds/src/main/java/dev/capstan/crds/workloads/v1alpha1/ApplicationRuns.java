package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Progress of a Job, or of the runs of a CronJob. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationRuns {

  @JsonPropertyDescription("Pods running (Job) or Jobs running (CronJob).")
  private Integer active;

  @JsonPropertyDescription("Pods that succeeded (Job).")
  private Integer succeeded;

  @JsonPropertyDescription("Pods that failed (Job).")
  private Integer failed;

  @JsonPropertyDescription("When the Job completed.")
  private String completionTime;

  @JsonPropertyDescription("When the CronJob last started a Job.")
  private String lastScheduleTime;

  @JsonPropertyDescription("When a Job of the CronJob last succeeded.")
  private String lastSuccessfulTime;

  public Integer getActive() {
    return active;
  }

  public void setActive(Integer active) {
    this.active = active;
  }

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApplicationRuns that
        && Objects.equals(active, that.active)
        && Objects.equals(succeeded, that.succeeded)
        && Objects.equals(failed, that.failed)
        && Objects.equals(completionTime, that.completionTime)
        && Objects.equals(lastScheduleTime, that.lastScheduleTime)
        && Objects.equals(lastSuccessfulTime, that.lastSuccessfulTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        active, succeeded, failed, completionTime, lastScheduleTime, lastSuccessfulTime);
  }
}
