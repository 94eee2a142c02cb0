package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The headless Service of a StatefulSet (see {@link DesiredHeadlessService}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class HeadlessServiceDependent extends ApplicationDependent<Service> {

  public HeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.StatefulSet) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(Service::new, app, DesiredHeadlessService.name(app));
    }
    return DesiredHeadlessService.of(app).orElseThrow();
  }
}
