package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/** Spec in, the PodDisruptionBudget over the application's pods out (when asked for). */
public final class DesiredDisruptionBudget {

  private DesiredDisruptionBudget() {}

  public static Optional<PodDisruptionBudget> of(Application app) {
    ApplicationDisruptionBudget budget = app.getSpec().getDisruptionBudget();
    if (budget == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PodDisruptionBudgetBuilder()
            .withMetadata(WorkloadIdentity.metadata(app))
            .withNewSpec()
            .withMinAvailable(budget.getMinAvailable())
            .withMaxUnavailable(budget.getMaxUnavailable())
            .withNewSelector()
            .withMatchLabels(ApplicationLabels.selector(app))
            .endSelector()
            .endSpec()
            .build());
  }
}
