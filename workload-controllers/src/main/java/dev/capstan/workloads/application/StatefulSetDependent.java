package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The StatefulSet, while the workload kind is StatefulSet (see {@link WorkloadPreconditions}). */
@KubernetesDependent(informer = @Informer(labelSelector = ApplicationLabels.MANAGED_SELECTOR))
public class StatefulSetDependent extends ApplicationDependent<StatefulSet> {

  public StatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet render(Application app, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.StatefulSet) {
      // Asked only to find the object to delete after the kind changed.
      return WorkloadIdentity.only(StatefulSet::new, app, app.getMetadata().getName());
    }
    // Automatic rollback may put the last good revision's template in place of the spec's.
    Rollback rollback = RollbackContext.of(app, context).orElseThrow();
    StatefulSet statefulSet = DesiredStatefulSet.of(app, rollback.template());
    statefulSet.getMetadata().setAnnotations(rollback.workloadAnnotations());
    return statefulSet;
  }
}
