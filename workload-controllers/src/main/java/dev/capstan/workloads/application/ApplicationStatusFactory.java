package dev.capstan.workloads.application;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationAddress;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRuns;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Derives an Application's status from its observed children (the workload of the kind the spec
 * asks for, see {@link WorkloadProgress} for the rules per kind; the Service's address; retained
 * claims). Pure apart from the injected clock.
 */
public final class ApplicationStatusFactory {

  /** Reason of the conditions while the workload does not exist yet. */
  public static final String CREATING = WorkloadProgress.CREATING;

  /** Reason of the conditions while pods of the current revision are not all available. */
  public static final String ROLLING_OUT = WorkloadProgress.ROLLING_OUT;

  /** Reason of the Stalled condition when the Deployment reports its progress deadline passed. */
  public static final String PROGRESS_DEADLINE_EXCEEDED =
      WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED;

  /** Reason of the Ready condition when every pod of the current revision is available. */
  public static final String AVAILABLE = WorkloadProgress.AVAILABLE;

  /**
   * Condition of long-running kinds (Deployment, StatefulSet, DaemonSet): every pod of the current
   * revision is available.
   */
  public static final String AVAILABLE_CONDITION = "Available";

  /** Condition of long-running kinds: a rollout is under way (False once done or stalled). */
  public static final String PROGRESSING_CONDITION = "Progressing";

  /** Reason of Progressing=False once the rollout finished. */
  public static final String ROLLOUT_COMPLETE = "RolloutComplete";

  /**
   * Condition of Deployments and StatefulSets: True while a failed revision is rolled back to the
   * last good one.
   */
  public static final String ROLLED_BACK_CONDITION = "RolledBack";

  /** Reason of RolledBack=False and of Ready=True while rolled back. */
  public static final String SPEC_REVISION = "SpecRevision";

  public static final String ROLLED_BACK = "RolledBack";

  private static final Set<WorkloadKind> LONG_RUNNING =
      Set.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet);

  private final Clock clock;

  public ApplicationStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public ApplicationStatus statusFor(Application app, Optional<? extends HasMetadata> observed) {
    return statusFor(app, ObservedChildren.of(observed));
  }

  public ApplicationStatus statusFor(Application app, ObservedChildren observed) {
    ApplicationStatus status = status(app, WorkloadProgress.of(observed.workload()));
    status.setRetainedClaims(
        observed.retainedClaims().isEmpty()
            ? null
            : observed.retainedClaims().stream().sorted().toList());
    status.setAddress(observed.service().map(ApplicationStatusFactory::address).orElse(null));
    status.setRuns(observed.workload().map(ApplicationStatusFactory::runs).orElse(null));
    return status;
  }

  /**
   * The status of an Application whose reconcile failed with an error that retrying cannot fix:
   * {@code Stalled=True} with the error's reason and message, not Ready, not Reconciling. Counts
   * still come from the observed workload; what else was known is kept.
   */
  public ApplicationStatus stalled(
      Application app, Optional<? extends HasMetadata> observed, String reason, String message) {
    WorkloadProgress progress = WorkloadProgress.of(observed);
    ApplicationStatus status =
        status(
            app,
            new WorkloadProgress(
                Phase.STALLED,
                reason,
                message,
                progress.desired(),
                progress.ready(),
                progress.readyText()));
    ApplicationStatus previous = app.getStatus();
    if (previous != null) {
      status.setRetainedClaims(previous.getRetainedClaims());
      status.setAddress(previous.getAddress());
      status.setRuns(previous.getRuns());
      status.setLastGoodRevision(previous.getLastGoodRevision());
      status.setFailedRevision(previous.getFailedRevision());
    }
    return status;
  }

  private ApplicationStatus status(Application app, WorkloadProgress progress) {
    Long generation = app.getMetadata().getGeneration();
    ApplicationStatus previous =
        app.getStatus() == null ? new ApplicationStatus() : app.getStatus();

    ApplicationStatus status = new ApplicationStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(progress.desired());
    status.setReadyReplicas(progress.ready());
    status.setReady(progress.readyText());
    Phase phase = progress.phase();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            READY, phase == Phase.AVAILABLE, progress.reason(), progress.message(), generation));
    conditions.add(
        condition(
            RECONCILING,
            phase == Phase.CREATING || phase == Phase.ROLLING_OUT,
            progress.reason(),
            progress.message(),
            generation));
    conditions.add(
        condition(
            STALLED, phase == Phase.STALLED, progress.reason(), progress.message(), generation));
    List<Condition> kept = previous.getConditions();
    if (LONG_RUNNING.contains(kindOf(app))) {
      conditions.add(
          condition(
              AVAILABLE_CONDITION,
              phase == Phase.AVAILABLE,
              progress.reason(),
              progress.message(),
              generation));
      boolean progressing = phase == Phase.CREATING || phase == Phase.ROLLING_OUT;
      conditions.add(
          condition(
              PROGRESSING_CONDITION,
              progressing,
              phase == Phase.AVAILABLE ? ROLLOUT_COMPLETE : progress.reason(),
              phase == Phase.AVAILABLE ? "The rollout finished" : progress.message(),
              generation));
    } else if (kept != null) {
      // A Job or CronJob has no rollout: drop what an earlier kind left behind.
      kept =
          kept.stream()
              .filter(c -> !AVAILABLE_CONDITION.equals(c.getType()))
              .filter(c -> !PROGRESSING_CONDITION.equals(c.getType()))
              .toList();
    }
    status.setConditions(Conditions.mergeAll(kept, conditions, clock.instant()));
    return status;
  }

  /**
   * Adds automatic rollback to a status from {@link #statusFor}: the revisions to remember and the
   * RolledBack condition. While rolled back and Ready, Ready's reason and message say that the
   * spec's revision was refused (kstatus: Current, not Stalled: the old revision serves).
   */
  public ApplicationStatus withRollback(
      Application app, ApplicationStatus status, Optional<Rollback> rollback) {
    Long generation = app.getMetadata().getGeneration();
    if (rollback.isEmpty()) {
      if (status.getConditions() != null) {
        status.setConditions(
            status.getConditions().stream()
                .filter(c -> !ROLLED_BACK_CONDITION.equals(c.getType()))
                .toList());
      }
      return status;
    }
    Rollback decision = rollback.get();
    status.setLastGoodRevision(decision.lastGood());
    status.setFailedRevision(decision.failed());
    List<Condition> conditions = new ArrayList<>();
    if (decision.rolledBack()) {
      String refused = refusedMessage(decision);
      conditions.add(
          condition(
              ROLLED_BACK_CONDITION, true, decision.failed().getReason(), refused, generation));
      Conditions.find(status.getConditions(), READY)
          .filter(c -> Conditions.TRUE.equals(c.getStatus()))
          .ifPresent(c -> conditions.add(condition(READY, true, ROLLED_BACK, refused, generation)));
    } else {
      conditions.add(
          condition(
              ROLLED_BACK_CONDITION,
              false,
              SPEC_REVISION,
              "Running the spec's revision " + decision.appliedSpecHash(),
              generation));
    }
    status.setConditions(Conditions.mergeAll(status.getConditions(), conditions, clock.instant()));
    return status;
  }

  private static String refusedMessage(Rollback decision) {
    return "Revision "
        + decision.failed().getSpecHash()
        + " failed ("
        + decision.failed().getReason()
        + ": "
        + decision.failed().getMessage()
        + "); rolled back to the last good revision "
        + decision.lastGood().getSpecHash()
        + ". The failed revision is not tried again until the spec changes.";
  }

  /** The spec's kind; the schema default (Deployment) for an object decoded without a spec. */
  private static WorkloadKind kindOf(Application app) {
    return app.getSpec() == null || app.getSpec().getWorkload() == null
        ? WorkloadKind.Deployment
        : app.getSpec().getWorkload();
  }

  private static ApplicationAddress address(Service service) {
    ApplicationAddress address = new ApplicationAddress();
    address.setDnsName(
        service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc");
    address.setClusterIP(service.getSpec() == null ? null : service.getSpec().getClusterIP());
    if (service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null
        && !service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      address.setLoadBalancer(
          service.getStatus().getLoadBalancer().getIngress().stream()
              .map(ApplicationStatusFactory::ingressAddress)
              .filter(Objects::nonNull)
              .toList());
    }
    return address;
  }

  private static String ingressAddress(LoadBalancerIngress ingress) {
    return ingress.getHostname() != null ? ingress.getHostname() : ingress.getIp();
  }

  /** Job and CronJob progress; null for the other kinds. */
  private static ApplicationRuns runs(HasMetadata workload) {
    if (workload instanceof Job job) {
      ApplicationRuns runs = new ApplicationRuns();
      var s = job.getStatus();
      runs.setActive(s == null ? 0 : Objects.requireNonNullElse(s.getActive(), 0));
      runs.setSucceeded(s == null ? 0 : Objects.requireNonNullElse(s.getSucceeded(), 0));
      runs.setFailed(s == null ? 0 : Objects.requireNonNullElse(s.getFailed(), 0));
      runs.setCompletionTime(s == null ? null : s.getCompletionTime());
      return runs;
    }
    if (workload instanceof CronJob cronJob) {
      ApplicationRuns runs = new ApplicationRuns();
      var s = cronJob.getStatus();
      runs.setActive(s == null || s.getActive() == null ? 0 : s.getActive().size());
      runs.setLastScheduleTime(s == null ? null : s.getLastScheduleTime());
      runs.setLastSuccessfulTime(s == null ? null : s.getLastSuccessfulTime());
      return runs;
    }
    return null;
  }
}
