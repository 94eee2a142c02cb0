package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The CronJob, while the workload kind is CronJob (see {@link WorkloadPreconditions}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class CronJobDependent extends ApplicationDependent<CronJob> {

  public CronJobDependent() {
    super(CronJob.class);
  }

  @Override
  protected CronJob render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.CronJob) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(CronJob::new, app, app.getMetadata().getName());
    }
    return DesiredCronJob.of(app);
  }
}
