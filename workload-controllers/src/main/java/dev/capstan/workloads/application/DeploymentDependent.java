package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Applies the Deployment of an Application with server-side apply; JOSDK adds the owner reference.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class DeploymentDependent extends ApplicationDependent<Deployment> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(Application app, Context<Application> context) {
    return DesiredDeployment.of(app);
  }
}
