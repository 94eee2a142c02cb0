package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readiness per workload kind, from observed state only. */
class WorkloadProgressTest {

  @Test
  void missingWorkloadIsCreating() {
    assertThat(WorkloadProgress.of(Optional.empty()).phase()).isEqualTo(Phase.CREATING);
  }

  @Test
  void statefulSetIsAvailableOnlyWhenAllReplicasAreReadyOnTheUpdateRevision() {
    assertThat(progress(statefulSet(3, 0, 3, 3, "rev-2", "rev-2")).phase())
        .isEqualTo(Phase.AVAILABLE);
    assertThat(progress(statefulSet(3, 0, 3, 3, "rev-1", "rev-2")).phase())
        .as("rollout not finished: current revision still the old one")
        .isEqualTo(Phase.ROLLING_OUT);
    assertThat(progress(statefulSet(3, 0, 2, 3, "rev-2", "rev-2")).readyText()).isEqualTo("2/3");
  }

  @Test
  void statefulSetPartitionKeepsLowerOrdinalsOnTheOldRevisionAndIsStillDone() {
    // partition 2 of 3 replicas: only ordinal 2 updates; the current revision stays old.
    WorkloadProgress phased = progress(statefulSet(3, 2, 3, 1, "rev-1", "rev-2"));
    assertThat(phased.phase()).isEqualTo(Phase.AVAILABLE);
    assertThat(progress(statefulSet(3, 2, 3, 0, "rev-1", "rev-2")).phase())
        .as("not even the partitioned replica is updated yet")
        .isEqualTo(Phase.ROLLING_OUT);
  }

  @Test
  void staleObservedGenerationIsNeverReady() {
    StatefulSet stale = statefulSet(1, 0, 1, 1, "a", "a");
    stale.getMetadata().setGeneration(5L);
    assertThat(progress(stale).phase()).isEqualTo(Phase.ROLLING_OUT);
  }

  @Test
  void daemonSetCountsScheduledNodes() {
    assertThat(progress(daemonSet(2, 2, 2, 2)))
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo(Phase.AVAILABLE);
              assertThat(p.readyText()).isEqualTo("2/2");
            });
    assertThat(progress(daemonSet(2, 1, 2, 1)).phase()).isEqualTo(Phase.ROLLING_OUT);
  }

  @Test
  void jobIsReadyWhenCompleteAndStalledWhenFailed() {
    assertThat(progress(job(3, 1, null)))
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo(Phase.ROLLING_OUT);
              assertThat(p.reason()).isEqualTo(WorkloadProgress.JOB_RUNNING);
              assertThat(p.readyText()).isEqualTo("1/3");
            });
    assertThat(progress(job(3, 3, "Complete")).phase()).isEqualTo(Phase.AVAILABLE);
    assertThat(progress(job(3, 0, "Failed")))
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo(Phase.STALLED);
              assertThat(p.reason()).isEqualTo(WorkloadProgress.JOB_FAILED);
              assertThat(p.message()).contains("BackoffLimitExceeded");
            });
  }

  @Test
  void cronJobIsReadyOnceItExistsAndShowsActiveRuns() {
    CronJob cron =
        new CronJobBuilder()
            .withNewMetadata()
            .withName("c")
            .withGeneration(1L)
            .endMetadata()
            .withNewSpec()
            .withSchedule("@hourly")
            .endSpec()
            .withNewStatus()
            .withActive(new ObjectReferenceBuilder().withName("c-1").build())
            .endStatus()
            .build();
    assertThat(progress(cron))
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo(Phase.AVAILABLE);
              assertThat(p.reason()).isEqualTo(WorkloadProgress.SCHEDULED);
              assertThat(p.readyText()).isEqualTo("1 active");
            });
    cron.getSpec().setSuspend(true);
    assertThat(progress(cron).reason()).isEqualTo(WorkloadProgress.SUSPENDED);
  }

  private static WorkloadProgress progress(io.fabric8.kubernetes.api.model.HasMetadata workload) {
    return WorkloadProgress.of(Optional.of(workload));
  }

  private static StatefulSet statefulSet(
      int replicas, int partition, int ready, int updated, String current, String update) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("s")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(partition)
        .endRollingUpdate()
        .endUpdateStrategy()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUpdatedReplicas(updated)
        .withCurrentRevision(current)
        .withUpdateRevision(update)
        .endStatus()
        .build();
  }

  private static DaemonSet daemonSet(int desired, int ready, int updated, int available) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("d")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withDesiredNumberScheduled(desired)
        .withNumberReady(ready)
        .withUpdatedNumberScheduled(updated)
        .withNumberAvailable(available)
        .endStatus()
        .build();
  }

  private static Job job(int completions, int succeeded, String conditionType) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .withGeneration(1L)
            .endMetadata()
            .withNewSpec()
            .withCompletions(completions)
            .endSpec()
            .withNewStatus()
            .withSucceeded(succeeded)
            .endStatus();
    if (conditionType != null) {
      job.editStatus()
          .addNewCondition()
          .withType(conditionType)
          .withStatus("True")
          .withReason("Failed".equals(conditionType) ? "BackoffLimitExceeded" : null)
          .withMessage(
              "Failed".equals(conditionType) ? "BackoffLimitExceeded: too many retries" : null)
          .endCondition()
          .endStatus();
    }
    return job.build();
  }
}
