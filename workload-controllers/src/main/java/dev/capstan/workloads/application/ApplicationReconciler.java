package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;

/** Reconciles an Application into its children (declared in the workflow) and reports status. */
@Workflow(
    dependents = {
      @Dependent(
          name = "config",
          type = ConfigMapDependent.class,
          reconcilePrecondition = HasConfig.class),
      @Dependent(name = "deployment", type = DeploymentDependent.class),
      @Dependent(
          name = "service",
          type = ServiceDependent.class,
          reconcilePrecondition = HasService.class)
    })
@ControllerConfiguration(
    name = ApplicationReconciler.NAME,
    fieldManager = ApplicationReconciler.FIELD_MANAGER)
public class ApplicationReconciler implements Reconciler<Application> {

  public static final String NAME = "application";
  public static final String FIELD_MANAGER = "capstan-workloads";

  private final ApplicationStatusFactory statusFactory =
      new ApplicationStatusFactory(Clock.systemUTC());

  @Override
  public UpdateControl<Application> reconcile(Application app, Context<Application> context) {
    ApplicationStatus status =
        statusFactory.statusFor(app, context.getSecondaryResource(Deployment.class));
    if (status.equals(app.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusPatch(app, status));
  }

  /** Only what server-side apply of the status needs: identity and the new status. */
  private static Application statusPatch(Application app, ApplicationStatus status) {
    Application patch = new Application();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(app.getMetadata().getName())
            .withNamespace(app.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }
}
