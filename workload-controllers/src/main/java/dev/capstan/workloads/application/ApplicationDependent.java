package dev.capstan.workloads.application;

import dev.capstan.core.scope.ReconcileScope;
import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * A child of an Application, applied by JOSDK with server-side apply (JOSDK adds the owner
 * reference). JOSDK runs dependents on its workflow threads, which carry neither the primary in the
 * MDC nor the controller for metrics; the scope puts both there for the duration of the apply.
 */
abstract class ApplicationDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, Application> {

  ApplicationDependent(Class<R> type) {
    super(type);
  }

  @Override
  public ReconcileResult<R> reconcile(Application app, Context<Application> context) {
    try (ReconcileScope scope = ReconcileScope.open(app, context)) {
      return super.reconcile(app, context);
    }
  }

  @Override
  public void delete(Application app, Context<Application> context) {
    try (ReconcileScope scope = ReconcileScope.open(app, context)) {
      super.delete(app, context);
    }
  }
}
