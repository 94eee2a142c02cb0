package dev.capstan.workloads.application;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Derives an Application's status from its observed workload (of the kind the spec asks for; see
 * {@link WorkloadProgress} for the rules per kind). Pure apart from the injected clock.
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

  private final Clock clock;

  public ApplicationStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public ApplicationStatus statusFor(Application app, Optional<? extends HasMetadata> observed) {
    return statusFor(app, observed, List.of());
  }

  /**
   * @param retainedClaims shared claims that exist but the spec no longer names (kept for their
   *     data)
   */
  public ApplicationStatus statusFor(
      Application app, Optional<? extends HasMetadata> observed, List<String> retainedClaims) {
    return status(app, WorkloadProgress.of(observed), retainedClaims);
  }

  /**
   * The status of an Application whose reconcile failed with an error that retrying cannot fix:
   * {@code Stalled=True} with the error's reason and message, not Ready, not Reconciling. Counts
   * still come from the observed workload.
   */
  public ApplicationStatus stalled(
      Application app, Optional<? extends HasMetadata> observed, String reason, String message) {
    WorkloadProgress progress = WorkloadProgress.of(observed);
    return status(
        app,
        new WorkloadProgress(
            Phase.STALLED,
            reason,
            message,
            progress.desired(),
            progress.ready(),
            progress.readyText()),
        app.getStatus() == null || app.getStatus().getRetainedClaims() == null
            ? List.of()
            : app.getStatus().getRetainedClaims());
  }

  private ApplicationStatus status(
      Application app, WorkloadProgress progress, List<String> retainedClaims) {
    Long generation = app.getMetadata().getGeneration();
    ApplicationStatus previous =
        app.getStatus() == null ? new ApplicationStatus() : app.getStatus();

    ApplicationStatus status = new ApplicationStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(progress.desired());
    status.setReadyReplicas(progress.ready());
    status.setReady(progress.readyText());
    status.setRetainedClaims(
        retainedClaims.isEmpty() ? null : retainedClaims.stream().sorted().toList());
    Phase phase = progress.phase();
    status.setConditions(
        Conditions.mergeAll(
            previous.getConditions(),
            List.of(
                condition(
                    READY,
                    phase == Phase.AVAILABLE,
                    progress.reason(),
                    progress.message(),
                    generation),
                condition(
                    RECONCILING,
                    phase == Phase.CREATING || phase == Phase.ROLLING_OUT,
                    progress.reason(),
                    progress.message(),
                    generation),
                condition(
                    STALLED,
                    phase == Phase.STALLED,
                    progress.reason(),
                    progress.message(),
                    generation)),
            clock.instant()));
    return status;
  }
}
