package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Deployment, while the workload kind is Deployment (see {@link WorkloadPreconditions}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class DeploymentDependent extends ApplicationDependent<Deployment> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.Deployment) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(Deployment::new, app, app.getMetadata().getName());
    }
    // Automatic rollback may put the last good revision's template in place of the spec's.
    Rollback rollback = RollbackContext.of(app, context).orElseThrow();
    Deployment deployment = DesiredDeployment.of(app, rollback.template());
    deployment.getMetadata().setAnnotations(rollback.workloadAnnotations());
    return deployment;
  }
}
