package dev.capstan.workloads.application;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How far an observed workload is, per kind, from the kstatus and {@code kubectl rollout status}
 * rules: the phase with its reason and message, and the counts shown as "ready". Pure.
 *
 * @param phase where the workload stands
 * @param reason CamelCase reason for the conditions
 * @param message human-readable message for the conditions
 * @param desired pods wanted (completions for a Job), null where it does not apply (CronJob)
 * @param ready pods ready (succeeded pods for a Job), null where it does not apply
 * @param readyText what kubectl get shows in the Ready column
 */
record WorkloadProgress(
    Phase phase, String reason, String message, Integer desired, Integer ready, String readyText) {

  enum Phase {
    CREATING,
    ROLLING_OUT,
    STALLED,
    AVAILABLE
  }

  static final String CREATING = "Creating";
  static final String ROLLING_OUT = "RollingOut";
  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  static final String AVAILABLE = "Available";
  static final String JOB_RUNNING = "Running";
  static final String JOB_COMPLETE = "Complete";
  static final String JOB_FAILED = "JobFailed";
  static final String SCHEDULED = "Scheduled";
  static final String SUSPENDED = "Suspended";

  private static final String ROLLING_OUT_MESSAGE =
      "Waiting for the current revision's pods to become available";
  private static final String AVAILABLE_MESSAGE = "All pods of the current revision are available";

  /** No workload of the wanted kind exists yet. */
  static WorkloadProgress creating() {
    return new WorkloadProgress(Phase.CREATING, CREATING, "Creating the workload", 0, 0, "0/0");
  }

  static WorkloadProgress of(Optional<? extends HasMetadata> observed) {
    if (observed.isEmpty()) {
      return creating();
    }
    HasMetadata workload = observed.get();
    if (workload instanceof Deployment d) {
      return deployment(d);
    }
    if (workload instanceof StatefulSet s) {
      return statefulSet(s);
    }
    if (workload instanceof DaemonSet d) {
      return daemonSet(d);
    }
    if (workload instanceof Job j) {
      return job(j);
    }
    if (workload instanceof CronJob c) {
      return cronJob(c);
    }
    throw new IllegalArgumentException("not a workload: " + workload.getKind());
  }

  private static WorkloadProgress deployment(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int ready = status == null ? 0 : Objects.requireNonNullElse(status.getReadyReplicas(), 0);
    if (status == null || stale(deployment, status.getObservedGeneration())) {
      return rollingOut(desired, ready);
    }
    boolean deadlineExceeded =
        status.getConditions() != null
            && status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()))
                .map(DeploymentCondition::getReason)
                .anyMatch(PROGRESS_DEADLINE_EXCEEDED::equals);
    if (deadlineExceeded) {
      return new WorkloadProgress(
          Phase.STALLED,
          PROGRESS_DEADLINE_EXCEEDED,
          "The rollout did not progress within its deadline",
          desired,
          ready,
          ready + "/" + desired);
    }
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    if (updated < desired || available < desired || total > desired) {
      return rollingOut(desired, ready);
    }
    return available(desired, ready);
  }

  /**
   * Ready when every replica is ready and, from the partition up, on the update revision; with no
   * partition the current revision must be the update revision (the rollout finished).
   */
  private static WorkloadProgress statefulSet(StatefulSet statefulSet) {
    StatefulSetStatus status = statefulSet.getStatus();
    int desired = Objects.requireNonNullElse(statefulSet.getSpec().getReplicas(), 1);
    int ready = status == null ? 0 : Objects.requireNonNullElse(status.getReadyReplicas(), 0);
    if (status == null || stale(statefulSet, status.getObservedGeneration())) {
      return rollingOut(desired, ready);
    }
    int partition = partition(statefulSet);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    boolean revisionsSettled =
        partition > 0 || Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
    if (ready < desired
        || available < desired
        || total != desired
        || updated < desired - partition
        || !revisionsSettled) {
      return rollingOut(desired, ready);
    }
    return available(desired, ready);
  }

  private static int partition(StatefulSet statefulSet) {
    var strategy = statefulSet.getSpec().getUpdateStrategy();
    if (strategy == null || strategy.getRollingUpdate() == null) {
      return 0;
    }
    return Objects.requireNonNullElse(strategy.getRollingUpdate().getPartition(), 0);
  }

  private static WorkloadProgress daemonSet(DaemonSet daemonSet) {
    DaemonSetStatus status = daemonSet.getStatus();
    if (status == null || stale(daemonSet, status.getObservedGeneration())) {
      return rollingOut(0, 0);
    }
    int desired = Objects.requireNonNullElse(status.getDesiredNumberScheduled(), 0);
    int ready = Objects.requireNonNullElse(status.getNumberReady(), 0);
    int updated = Objects.requireNonNullElse(status.getUpdatedNumberScheduled(), 0);
    int available = Objects.requireNonNullElse(status.getNumberAvailable(), 0);
    if (updated < desired || available < desired) {
      return rollingOut(desired, ready);
    }
    return available(desired, ready);
  }

  /** A Job is Ready once complete; failed is Stalled (retrying the same Job cannot help). */
  private static WorkloadProgress job(Job job) {
    int completions = Objects.requireNonNullElse(job.getSpec().getCompletions(), 1);
    JobStatus status = job.getStatus();
    int succeeded = status == null ? 0 : Objects.requireNonNullElse(status.getSucceeded(), 0);
    String text = succeeded + "/" + completions;
    List<JobCondition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    Optional<JobCondition> failed = trueCondition(conditions, "Failed");
    if (failed.isPresent()) {
      String why = failed.get().getMessage() == null ? "" : ": " + failed.get().getMessage();
      return new WorkloadProgress(
          Phase.STALLED, JOB_FAILED, "The Job failed" + why, completions, succeeded, text);
    }
    if (trueCondition(conditions, "Complete").isPresent()) {
      return new WorkloadProgress(
          Phase.AVAILABLE,
          JOB_COMPLETE,
          "The Job completed: " + text + " pods succeeded",
          completions,
          succeeded,
          text);
    }
    return new WorkloadProgress(
        Phase.ROLLING_OUT,
        JOB_RUNNING,
        "Waiting for the Job's pods to complete",
        completions,
        succeeded,
        text);
  }

  /** A CronJob is Ready once it exists: its runs are Jobs of their own, reported apart. */
  private static WorkloadProgress cronJob(CronJob cronJob) {
    int active =
        cronJob.getStatus() == null || cronJob.getStatus().getActive() == null
            ? 0
            : cronJob.getStatus().getActive().size();
    boolean suspended = Boolean.TRUE.equals(cronJob.getSpec().getSuspend());
    return new WorkloadProgress(
        Phase.AVAILABLE,
        suspended ? SUSPENDED : SCHEDULED,
        suspended
            ? "The CronJob is suspended: no new runs start"
            : "Runs on schedule " + cronJob.getSpec().getSchedule(),
        null,
        null,
        active + " active");
  }

  private static Optional<JobCondition> trueCondition(List<JobCondition> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static boolean stale(HasMetadata workload, Long observedGeneration) {
    return observedGeneration == null
        || observedGeneration < workload.getMetadata().getGeneration();
  }

  private static WorkloadProgress rollingOut(int desired, int ready) {
    return new WorkloadProgress(
        Phase.ROLLING_OUT, ROLLING_OUT, ROLLING_OUT_MESSAGE, desired, ready, ready + "/" + desired);
  }

  private static WorkloadProgress available(int desired, int ready) {
    return new WorkloadProgress(
        Phase.AVAILABLE, AVAILABLE, AVAILABLE_MESSAGE, desired, ready, ready + "/" + desired);
  }
}
