package dev.capstan.workloads.application;

import dev.capstan.core.apply.ImmutableChanges;
import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.scope.ReconcileScope;
import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import java.time.Duration;
import java.util.Optional;

/**
 * A child of an Application, applied by JOSDK with server-side apply (JOSDK adds the owner
 * reference). JOSDK runs dependents on its workflow threads, which carry neither the primary in the
 * MDC nor the controller for metrics; the scope puts both there for the duration of the apply.
 *
 * <p>Before an update, operator-core's {@link ImmutableChanges} looks for changes the API server
 * would refuse (a StatefulSet's claim templates, a Job's template…): it recreates the child where
 * that is safe (a StatefulSet keeps its pods and claims) and otherwise throws, so the Application
 * becomes Stalled with a message instead of retrying a 422 forever.
 */
abstract class ApplicationDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, Application> {

  /** How long a recreate waits for the old child to be gone before it gives up (and retries). */
  private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(30);

  private final String desiredKey =
      ApplicationDependent.class.getName() + ".desired." + getClass().getName();

  ApplicationDependent(Class<R> type) {
    super(type);
  }

  /**
   * The child, rendered once per reconcile: JOSDK asks for it to find the target, again to match
   * and for every apply, and rendering is not free (a Deployment's rollback decision hashes the
   * whole spec). The reconcile's context lives only as long as the reconcile.
   */
  @Override
  protected final R desired(Application app, Context<Application> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    Optional<R> rendered = shared.get(desiredKey, resourceType());
    if (rendered.isPresent()) {
      return rendered.get();
    }
    R child = render(app, context);
    shared.put(desiredKey, child);
    return child;
  }

  /**
   * The child this Application wants, a pure function of the Application and what the informers
   * hold. Dependents of several children ({@link SharedClaimsDependent}) render theirs in {@code
   * desiredResources} instead.
   */
  protected R render(Application app, Context<Application> context) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has several children");
  }

  @Override
  public ReconcileResult<R> reconcile(Application app, Context<Application> context) {
    try (ReconcileScope scope = ReconcileScope.open(app, context)) {
      return super.reconcile(app, context);
    }
  }

  @Override
  public R update(R actual, R desired, Application app, Context<Application> context) {
    ImmutableChanges.Outcome outcome =
        new ImmutableChanges(context.getClient(), DELETION_TIMEOUT).prepare(actual, desired);
    if (outcome.recreated()) {
      R created = super.create(desired, app, context);
      recordRecreation(app, desired, outcome);
      return created;
    }
    return super.update(actual, desired, app, context);
  }

  /** A human should see why a StatefulSet or Job was replaced: an Event on the Application. */
  private static void recordRecreation(
      Application app, HasMetadata child, ImmutableChanges.Outcome outcome) {
    ArcContainer container = Arc.container();
    if (container == null) {
      return; // outside the Quarkus application (unit tests): nothing to record with
    }
    container
        .instance(EventRecorder.class)
        .get()
        .record(
            app,
            EventDetails.normal(
                "Recreated",
                "Recreate",
                child.getKind()
                    + " "
                    + child.getMetadata().getName()
                    + " recreated because "
                    + String.join(", ", outcome.changedFields())
                    + " cannot change in place ("
                    + outcome.strategy()
                    + ")"));
  }

  @Override
  public void delete(Application app, Context<Application> context) {
    try (ReconcileScope scope = ReconcileScope.open(app, context)) {
      super.delete(app, context);
    }
  }
}
