package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Optional;

/**
 * A read-only step of the workflow that the workloads depend on: when the spec names a RuntimeClass
 * that does not exist, its pods would fail at once (Kubernetes marks them Failed), so nothing is
 * rolled out and the Application is Stalled with {@link #NOT_FOUND} instead. The workload already
 * running (if any) is left as it is, neither updated nor deleted.
 *
 * <p>One GET per reconcile, only while the spec names a RuntimeClass; no watch (RuntimeClasses are
 * cluster-scoped and rarely change), so a Stalled Application looks again after {@link
 * ApplicationReconciler#RUNTIME_CLASS_RECHECK}.
 */
public class RuntimeClassCheck implements DependentResource<RuntimeClass, Application> {

  /** Reason of Stalled when the spec's RuntimeClass does not exist. */
  public static final String NOT_FOUND = "RuntimeClassNotFound";

  private static final String KEY = RuntimeClassCheck.class.getName();

  @Override
  public ReconcileResult<RuntimeClass> reconcile(Application app, Context<Application> context) {
    String name = app.getSpec().getRuntimeClassName();
    if (name == null) {
      return ReconcileResult.noOperation(null);
    }
    RuntimeClass found = context.getClient().resources(RuntimeClass.class).withName(name).get();
    context.managedWorkflowAndDependentResourceContext().put(KEY, Boolean.valueOf(found != null));
    return ReconcileResult.noOperation(found);
  }

  @Override
  public Class<RuntimeClass> resourceType() {
    return RuntimeClass.class;
  }

  /** JOSDK links {@code dependsOn} by this name, not the annotation's, for non-configured ones. */
  @Override
  public String name() {
    return ApplicationReconciler.RUNTIME_CLASS;
  }

  @Override
  public boolean isDeletable() {
    return false;
  }

  /** The message of Stalled when the spec's RuntimeClass is missing; empty when all is well. */
  static Optional<String> missing(Application app, Context<Application> context) {
    String name = app.getSpec().getRuntimeClassName();
    if (name == null) {
      return Optional.empty();
    }
    boolean found =
        context
            .managedWorkflowAndDependentResourceContext()
            .get(KEY, Boolean.class)
            .orElse(Boolean.TRUE);
    return found
        ? Optional.empty()
        : Optional.of(
            "RuntimeClass "
                + name
                + " does not exist: create it (node.k8s.io/v1) or change spec.runtimeClassName;"
                + " nothing is rolled out until then");
  }

  /** Ready unless the spec names a RuntimeClass that does not exist. */
  public static class Exists implements Condition<RuntimeClass, Application> {
    @Override
    public boolean isMet(
        DependentResource<RuntimeClass, Application> dependent,
        Application app,
        Context<Application> context) {
      return missing(app, context).isEmpty();
    }
  }
}
