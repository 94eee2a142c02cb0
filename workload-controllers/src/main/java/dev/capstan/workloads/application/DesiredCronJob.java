package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationCronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;

/** Spec in, CronJob out: spec.cronJob says when, spec.job and the containers say what. */
public final class DesiredCronJob {

  private DesiredCronJob() {}

  public static CronJob of(Application app) {
    ApplicationCronJob cron = app.getSpec().getCronJob();
    if (cron == null) {
      // The CRD requires spec.cronJob for this kind; an object decoded without it is a bug.
      throw new IllegalArgumentException("spec.cronJob is required when workload is CronJob");
    }
    return new CronJobBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withNewSpec()
        .withSchedule(cron.getSchedule())
        .withTimeZone(cron.getTimeZone())
        .withConcurrencyPolicy(cron.getConcurrencyPolicy().name())
        .withSuccessfulJobsHistoryLimit(cron.getSuccessfulJobsHistoryLimit())
        .withFailedJobsHistoryLimit(cron.getFailedJobsHistoryLimit())
        .withSuspend(cron.getSuspend())
        .withStartingDeadlineSeconds(cron.getStartingDeadlineSeconds())
        .withNewJobTemplate()
        // Not the managed-by label: the Jobs it starts belong to the CronJob, not to our informers.
        .withNewMetadata()
        .withLabels(ApplicationLabels.selector(app))
        .endMetadata()
        .withSpec(DesiredJob.spec(app))
        .endJobTemplate()
        .endSpec()
        .build();
  }
}
