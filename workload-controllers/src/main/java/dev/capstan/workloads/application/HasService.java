package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition: while false, JOSDK deletes the Service, so removing it from the spec
 * prunes it.
 */
public class HasService implements Condition<Service, Application> {
  @Override
  public boolean isMet(
      DependentResource<Service, Application> dependent,
      Application app,
      Context<Application> context) {
    return app.getSpec().getService() != null;
  }
}
