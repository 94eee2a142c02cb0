package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition: while false, JOSDK deletes the ConfigMap, so removing config from the
 * spec prunes it.
 */
public class HasConfig implements Condition<ConfigMap, Application> {
  @Override
  public boolean isMet(
      DependentResource<ConfigMap, Application> dependent,
      Application app,
      Context<Application> context) {
    return app.getSpec().getConfig() != null;
  }
}
