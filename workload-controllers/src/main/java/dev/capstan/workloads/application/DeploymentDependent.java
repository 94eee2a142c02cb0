package dev.capstan.workloads.application;

import dev.capstan.core.scope.ReconcileScope;
import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Applies the Deployment of an Application with server-side apply; JOSDK adds the owner reference.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, Application> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  /**
   * JOSDK runs dependents on its workflow threads, which carry neither the primary in the MDC nor
   * the controller for metrics; the scope puts both there for the duration of the apply.
   */
  @Override
  public ReconcileResult<Deployment> reconcile(Application app, Context<Application> context) {
    try (ReconcileScope scope = ReconcileScope.open(app, context)) {
      return super.reconcile(app, context);
    }
  }

  @Override
  protected Deployment desired(Application app, Context<Application> context) {
    return DesiredDeployment.of(app);
  }
}
