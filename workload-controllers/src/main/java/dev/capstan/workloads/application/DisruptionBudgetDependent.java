package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The PodDisruptionBudget; present only while the Application asks for one (see {@link
 * ChildPreconditions}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ApplicationLabels.MANAGED_SELECTOR,
            onUpdateFilter = StatusOnlyUpdates.OfDisruptionBudget.class))
public class DisruptionBudgetDependent extends ApplicationDependent<PodDisruptionBudget> {

  public DisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget render(Application app, Context<Application> context) {
    // When dropped from the spec, asked only to find the object to delete (pruning).
    return DesiredDisruptionBudget.of(app)
        .orElseGet(
            () ->
                WorkloadIdentity.only(PodDisruptionBudget::new, app, app.getMetadata().getName()));
  }
}
