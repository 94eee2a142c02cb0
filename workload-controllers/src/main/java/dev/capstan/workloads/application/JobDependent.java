package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Job, while the workload kind is Job (see {@link WorkloadPreconditions}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class JobDependent extends ApplicationDependent<Job> {

  public JobDependent() {
    super(Job.class);
  }

  @Override
  protected Job render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.Job) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(Job::new, app, app.getMetadata().getName());
    }
    return DesiredJob.of(app);
  }
}
