package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** When a CronJob starts its Jobs and what it keeps of them; the Jobs' shape is spec.job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationCronJob {

  @JsonPropertyDescription(
      "Cron schedule, e.g. '*/5 * * * *' or '@hourly', in timeZone (default: the controller"
          + " manager's).")
  @Required
  @Pattern("^\\S.*$")
  private String schedule;

  @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Berlin.")
  private String timeZone;

  @JsonPropertyDescription(
      "Allow (default): runs may overlap; Forbid: skip a run while one is active; Replace: stop"
          + " the active run and start the new one.")
  @Default("Allow")
  private ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.Allow;

  @JsonPropertyDescription("Finished successful Jobs kept; Kubernetes' default 3.")
  @Min(0)
  @Max(100)
  private Integer successfulJobsHistoryLimit;

  @JsonPropertyDescription("Finished failed Jobs kept; Kubernetes' default 1.")
  @Min(0)
  @Max(100)
  private Integer failedJobsHistoryLimit;

  @JsonPropertyDescription("True stops new runs; active ones continue.")
  private Boolean suspend;

  @JsonPropertyDescription("A run missed by more than this many seconds is skipped.")
  @Min(1)
  private Long startingDeadlineSeconds;

  public enum ConcurrencyPolicy {
    Allow,
    Forbid,
    Replace
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Integer getSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit;
  }

  public void setSuccessfulJobsHistoryLimit(Integer successfulJobsHistoryLimit) {
    this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
  }

  public Integer getFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit;
  }

  public void setFailedJobsHistoryLimit(Integer failedJobsHistoryLimit) {
    this.failedJobsHistoryLimit = failedJobsHistoryLimit;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }
}
