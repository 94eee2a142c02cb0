package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile preconditions of the optional exposure and scaling children: while false, JOSDK deletes
 * the child, so dropping it from the spec prunes it.
 */
public final class ChildPreconditions {

  private ChildPreconditions() {}

  public static class HasIngress implements Condition<Ingress, Application> {
    @Override
    public boolean isMet(
        DependentResource<Ingress, Application> dependent,
        Application app,
        Context<Application> context) {
      return DesiredIngress.of(app).isPresent();
    }
  }

  public static class HasAutoscaler implements Condition<HorizontalPodAutoscaler, Application> {
    @Override
    public boolean isMet(
        DependentResource<HorizontalPodAutoscaler, Application> dependent,
        Application app,
        Context<Application> context) {
      return app.getSpec().getAutoscaling() != null;
    }
  }

  public static class HasDisruptionBudget implements Condition<PodDisruptionBudget, Application> {
    @Override
    public boolean isMet(
        DependentResource<PodDisruptionBudget, Application> dependent,
        Application app,
        Context<Application> context) {
      return app.getSpec().getDisruptionBudget() != null;
    }
  }
}
