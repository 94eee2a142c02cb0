package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.crds.common.ConditionedStatus;
import java.util.List;
import java.util.Objects;

/** Observed state, in the kstatus vocabulary: observedGeneration plus Ready/Reconciling/Stalled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationStatus extends ConditionedStatus {

  @JsonPropertyDescription("Pods wanted by the workload.")
  private Integer replicas;

  @JsonPropertyDescription("Pods of the current revision that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("readyReplicas/replicas, for kubectl get.")
  private String ready;

  @JsonPropertyDescription("Where clients reach the application's Service, while it has one.")
  private ApplicationAddress address;

  @JsonPropertyDescription("Progress of a Job or of a CronJob's runs.")
  private ApplicationRuns runs;

  @JsonPropertyDescription(
      "Deployment only: the last revision that became available, restored by automatic rollback.")
  private ApplicationRevision lastGoodRevision;

  @JsonPropertyDescription(
      "Deployment only: the revision that failed and was rolled back; not tried again until the"
          + " spec changes.")
  private ApplicationRevision failedRevision;

  public ApplicationRevision getLastGoodRevision() {
    return lastGoodRevision;
  }

  public void setLastGoodRevision(ApplicationRevision lastGoodRevision) {
    this.lastGoodRevision = lastGoodRevision;
  }

  public ApplicationRevision getFailedRevision() {
    return failedRevision;
  }

  public void setFailedRevision(ApplicationRevision failedRevision) {
    this.failedRevision = failedRevision;
  }

  public ApplicationAddress getAddress() {
    return address;
  }

  public void setAddress(ApplicationAddress address) {
    this.address = address;
  }

  public ApplicationRuns getRuns() {
    return runs;
  }

  public void setRuns(ApplicationRuns runs) {
    this.runs = runs;
  }

  @JsonPropertyDescription(
      "Shared claims the spec no longer names, kept because they may hold data; delete them by"
          + " hand when they are no longer needed.")
  private List<String> retainedClaims;

  public List<String> getRetainedClaims() {
    return retainedClaims;
  }

  public void setRetainedClaims(List<String> retainedClaims) {
    this.retainedClaims = retainedClaims;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ApplicationStatus)) {
      return false;
    }
    ApplicationStatus that = (ApplicationStatus) o;
    return sameConditionsAs(that)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(ready, that.ready)
        && Objects.equals(retainedClaims, that.retainedClaims)
        && Objects.equals(address, that.address)
        && Objects.equals(runs, that.runs)
        && Objects.equals(lastGoodRevision, that.lastGoodRevision)
        && Objects.equals(failedRevision, that.failedRevision);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        getObservedGeneration(),
        getConditions(),
        replicas,
        readyReplicas,
        ready,
        retainedClaims,
        address,
        runs,
        lastGoodRevision,
        failedRevision);
  }
}
