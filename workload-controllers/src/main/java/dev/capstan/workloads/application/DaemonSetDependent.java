package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The DaemonSet, while the workload kind is DaemonSet (see {@link WorkloadPreconditions}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class DaemonSetDependent extends ApplicationDependent<DaemonSet> {

  public DaemonSetDependent() {
    super(DaemonSet.class);
  }

  @Override
  protected DaemonSet render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.DaemonSet) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(DaemonSet::new, app, app.getMetadata().getName());
    }
    return DesiredDaemonSet.of(app);
  }
}
