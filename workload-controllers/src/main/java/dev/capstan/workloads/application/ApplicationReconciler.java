package dev.capstan.workloads.application;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.ownership.ChildPruner;
import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an Application into its children (declared in the workflow) and reports status.
 *
 * <p>Errors: transient ones are retried by JOSDK with {@link JitteredRetry}; permanent ones (the
 * API server refused a child, see {@link dev.capstan.core.retry.ErrorClassifier}) make the
 * Application {@code Stalled} and are checked again only after {@link #STALLED_RECHECK} or when the
 * Application changes. Events are recorded on transitions only (became Ready, became Stalled).
 *
 * <p>RBAC beyond the children: {@code events.k8s.io} events (create, patch) and, with leader
 * election, {@code coordination.k8s.io} leases (get, create, update).
 */
@Workflow(
    dependents = {
      // Workloads wait for it: a missing RuntimeClass stops the rollout (see RuntimeClassCheck).
      @Dependent(
          name = ApplicationReconciler.RUNTIME_CLASS,
          type = RuntimeClassCheck.class,
          readyPostcondition = RuntimeClassCheck.Exists.class),
      @Dependent(
          name = "config",
          type = ConfigMapDependent.class,
          reconcilePrecondition = HasConfig.class),
      // One dependent per workload kind; only the one the spec names is applied, the others are
      // deleted (so changing the kind replaces the workload).
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsDeployment.class,
          dependsOn = ApplicationReconciler.RUNTIME_CLASS),
      @Dependent(
          name = "statefulset-service",
          type = HeadlessServiceDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsStatefulSetService.class),
      @Dependent(
          name = "statefulset",
          type = StatefulSetDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsStatefulSet.class,
          dependsOn = ApplicationReconciler.RUNTIME_CLASS),
      @Dependent(
          name = "daemonset",
          type = DaemonSetDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsDaemonSet.class,
          dependsOn = ApplicationReconciler.RUNTIME_CLASS),
      @Dependent(
          name = "job",
          type = JobDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsJob.class,
          dependsOn = ApplicationReconciler.RUNTIME_CLASS),
      @Dependent(
          name = "cronjob",
          type = CronJobDependent.class,
          reconcilePrecondition = WorkloadPreconditions.IsCronJob.class,
          dependsOn = ApplicationReconciler.RUNTIME_CLASS),
      @Dependent(name = "claims", type = SharedClaimsDependent.class),
      @Dependent(
          name = "ingress",
          type = IngressDependent.class,
          reconcilePrecondition = ChildPreconditions.HasIngress.class),
      @Dependent(
          name = "autoscaler",
          type = AutoscalerDependent.class,
          reconcilePrecondition = ChildPreconditions.HasAutoscaler.class),
      @Dependent(
          name = "disruption-budget",
          type = DisruptionBudgetDependent.class,
          reconcilePrecondition = ChildPreconditions.HasDisruptionBudget.class),
      @Dependent(
          name = "service",
          type = ServiceDependent.class,
          reconcilePrecondition = HasService.class)
    })
@ControllerConfiguration(
    name = ApplicationReconciler.NAME,
    fieldManager = ApplicationReconciler.FIELD_MANAGER)
public class ApplicationReconciler implements ConfigurableReconciler<Application> {

  public static final String NAME = "application";
  public static final String FIELD_MANAGER = "capstan-workloads";

  /** How long a Stalled Application waits before the controller tries again on its own. */
  public static final Duration STALLED_RECHECK = Duration.ofMinutes(10);

  /** How often an Application whose RuntimeClass is missing looks for it again (no watch). */
  public static final Duration RUNTIME_CLASS_RECHECK = Duration.ofSeconds(30);

  static final String RUNTIME_CLASS = "runtime-class";

  /**
   * How often a revision that could be rolled back is checked for crash-looping pods while it rolls
   * out, and a rolled-back StatefulSet for pods stuck on the failed revision (pods are not watched;
   * see {@link Rollback}, {@link ForcedRollback}).
   */
  public static final Duration CRASH_LOOP_RECHECK = Duration.ofSeconds(10);

  /** Reason of the Event when a pod stuck on a failed StatefulSet revision is deleted. */
  public static final String STUCK_POD_DELETED = "StuckPodDeleted";

  private static final ResourceDefinitionContext POD =
      new ResourceDefinitionContext.Builder()
          .withGroup("")
          .withVersion("v1")
          .withKind("Pod")
          .withPlural("pods")
          .withNamespaced(true)
          .build();

  private static final Logger LOGGER = LoggerFactory.getLogger(ApplicationReconciler.class);

  private final ApplicationStatusFactory statusFactory;
  private final EventRecorder events;

  @Inject
  public ApplicationReconciler(EventRecorder events) {
    this(events, Clock.systemUTC());
  }

  ApplicationReconciler(EventRecorder events, Clock clock) {
    this.events = events;
    this.statusFactory = new ApplicationStatusFactory(clock);
  }

  /** QOSDK 7.4 ignores {@code @ControllerConfiguration(retry=…)}; this is where retry is set. */
  @Override
  public void updateConfigurationFrom(ControllerConfigurationOverrider<Application> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public UpdateControl<Application> reconcile(Application app, Context<Application> context) {
    Optional<? extends HasMetadata> workload = observedWorkload(app, context);
    Optional<String> runtimeClassMissing = RuntimeClassCheck.missing(app, context);
    if (runtimeClassMissing.isPresent()) {
      ApplicationStatus stalled =
          statusFactory.stalled(
              app, workload, RuntimeClassCheck.NOT_FOUND, runtimeClassMissing.get());
      if (!stalled.equals(app.getStatus())) {
        patchStatus(app, stalled, context);
        record(app, ApplicationEvents.between(app.getStatus(), stalled));
      }
      return UpdateControl.<Application>noUpdate().rescheduleAfter(RUNTIME_CLASS_RECHECK);
    }
    Optional<Rollback> rollback = RollbackContext.of(app, context);
    ApplicationStatus status =
        statusFactory.withRollback(
            app,
            statusFactory.statusFor(
                app,
                new ObservedChildren(
                    workload, service(app, context), retainedClaims(app, context))),
            rollback);
    boolean forcing = forceRollback(app, rollback, context);
    UpdateControl<Application> done =
        forcing || rollback.filter(Rollback::watchPods).isPresent()
            ? UpdateControl.<Application>noUpdate().rescheduleAfter(CRASH_LOOP_RECHECK)
            : UpdateControl.noUpdate();
    if (status.equals(app.getStatus())) {
      return done;
    }
    if (LOGGER.isDebugEnabled()) {
      LOGGER.debug(
          "status changes from {} to {}; workload {}",
          StatusText.of(app.getStatus()),
          StatusText.of(status),
          workload.map(StatusText::of).orElse("(none)"));
    }
    patchStatus(app, status, context);
    record(app, ApplicationEvents.between(app.getStatus(), status));
    return done;
  }

  @Override
  public ErrorStatusUpdateControl<Application> updateErrorStatus(
      Application app, Context<Application> context, Exception e) {
    ErrorOutcome outcome = ErrorOutcome.of(app, observedWorkload(app, context), e, statusFactory);
    if (outcome.retry()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    LOGGER.warn(
        "Stalled: {} ({}); next attempt on change or in {}",
        outcome.error().message(),
        outcome.error().reason(),
        STALLED_RECHECK);
    outcome.status().ifPresent(status -> patchStatus(app, status, context));
    record(app, outcome.events());
    return ErrorStatusUpdateControl.<Application>noStatusUpdate().rescheduleAfter(STALLED_RECHECK);
  }

  /**
   * After a StatefulSet rollback, deletes the pods stuck on the failed revision (see {@link
   * ForcedRollback}): one LIST (the StatefulSet's selector, pods off its update revision), only
   * while rolled back and not yet available again.
   *
   * @return whether the StatefulSet is still being brought back (look again after a while: pods are
   *     not watched)
   */
  private boolean forceRollback(
      Application app, Optional<Rollback> rollback, Context<Application> context) {
    if (app.getSpec().getWorkload() != WorkloadKind.StatefulSet || rollback.isEmpty()) {
      return false;
    }
    Optional<StatefulSet> observed = context.getSecondaryResource(StatefulSet.class);
    if (!ForcedRollback.due(rollback.get(), observed)) {
      return false;
    }
    StatefulSet statefulSet = observed.get();
    List<Pod> pods =
        context
            .getClient()
            .pods()
            .inNamespace(statefulSet.getMetadata().getNamespace())
            .withLabels(statefulSet.getSpec().getSelector().getMatchLabels())
            .withLabelNotIn(
                RollbackContext.STATEFUL_SET_REVISION, statefulSet.getStatus().getUpdateRevision())
            .list()
            .getItems();
    ChildPruner pruner = new ChildPruner(context.getClient(), NAME, List.of(POD));
    for (Pod pod : ForcedRollback.stuckPods(statefulSet, pods)) {
      if (pruner.delete(pod)) {
        record(
            app,
            List.of(
                EventDetails.normal(
                    STUCK_POD_DELETED,
                    ApplicationEvents.ROLLBACK,
                    "Deleted pod "
                        + pod.getMetadata().getName()
                        + " of the failed revision: the StatefulSet recreates it from the"
                        + " restored template")));
      }
    }
    return true;
  }

  /**
   * The application's own Service. Two informers watch Services (this one and a StatefulSet's
   * headless one) and each sees both, so pick by name.
   */
  private static Optional<Service> service(Application app, Context<Application> context) {
    if (app.getSpec().getService() == null) {
      return Optional.empty();
    }
    return context
        .getSecondaryResourcesAsStream(Service.class)
        .filter(s -> app.getMetadata().getName().equals(s.getMetadata().getName()))
        .findFirst();
  }

  /** Shared claims of this Application that the spec no longer names: kept, and reported. */
  private static List<String> retainedClaims(Application app, Context<Application> context) {
    var wanted = DesiredClaims.of(app).keySet();
    return context
        .getSecondaryResourcesAsStream(PersistentVolumeClaim.class)
        .map(c -> c.getMetadata().getName())
        .filter(name -> !wanted.contains(name))
        .toList();
  }

  /** The workload of the kind the spec asks for, as the informers last saw it. */
  static Optional<? extends HasMetadata> observedWorkload(
      Application app, Context<Application> context) {
    return context.getSecondaryResource(workloadType(app.getSpec().getWorkload()));
  }

  static Class<? extends HasMetadata> workloadType(WorkloadKind kind) {
    return switch (kind) {
      case Deployment -> Deployment.class;
      case StatefulSet -> StatefulSet.class;
      case DaemonSet -> DaemonSet.class;
      case Job -> Job.class;
      case CronJob -> CronJob.class;
    };
  }

  /**
   * Server-side applies the status and puts the result into JOSDK's primary cache. JOSDK 5.2.1 does
   * not cache what {@code UpdateControl.patchStatus} writes, so the next reconcile (often triggered
   * by a child at once) can see the old status, compute the same change again, write it again and
   * repeat the transition's Event.
   */
  private static void patchStatus(
      Application app, ApplicationStatus status, Context<Application> context) {
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
        app, statusPatch(app, status), context);
  }

  private void record(Application app, List<EventDetails> transitions) {
    for (EventDetails event : transitions) {
      LOGGER.info("{} {}: {}", event.type().value(), event.reason(), event.note());
      events.record(app, event);
    }
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
