package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;

/**
 * Spec in, Job out. The selector is left to Kubernetes (it adds the Job's uid to selector and pod
 * labels), so only the pod template carries our labels.
 *
 * <p>A Job's pod template and completions cannot change after creation: when they do, {@link
 * ApplicationDependent} deletes the Job and creates it anew, which is a new run (see
 * operator-core's {@code ImmutableChanges}).
 */
public final class DesiredJob {

  private DesiredJob() {}

  public static Job of(Application app) {
    return new JobBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withSpec(spec(app))
        .build();
  }

  /** Also the template of every Job a CronJob starts. */
  static JobSpec spec(Application app) {
    ApplicationJob job =
        app.getSpec().getJob() == null ? new ApplicationJob() : app.getSpec().getJob();
    return new JobSpecBuilder()
        .withCompletions(job.getCompletions())
        .withParallelism(job.getParallelism())
        .withBackoffLimit(job.getBackoffLimit())
        .withActiveDeadlineSeconds(job.getActiveDeadlineSeconds())
        .withTemplate(PodTemplates.of(app, job.getRestartPolicy().name()))
        .build();
  }
}
