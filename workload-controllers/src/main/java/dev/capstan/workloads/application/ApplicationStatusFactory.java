package dev.capstan.workloads.application;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives an Application's status from its observed Deployment. Pure apart from the injected clock.
 */
public final class ApplicationStatusFactory {

  /** Reason of the conditions while the Deployment does not exist yet. */
  public static final String CREATING = "Creating";

  /** Reason of the conditions while pods of the current revision are not all available. */
  public static final String ROLLING_OUT = "RollingOut";

  /** Reason of the Stalled condition when the Deployment reports its progress deadline passed. */
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  /** Reason of the Ready condition when every pod of the current revision is available. */
  public static final String AVAILABLE = "Available";

  private final Clock clock;

  public ApplicationStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public ApplicationStatus statusFor(Application app, Optional<Deployment> observed) {
    Verdict verdict = observed.map(ApplicationStatusFactory::verdictOf).orElse(Verdict.CREATING);
    return status(app, observed, verdict);
  }

  /**
   * The status of an Application whose reconcile failed with an error that retrying cannot fix:
   * {@code Stalled=True} with the error's reason and message, not Ready, not Reconciling. Replica
   * counts still come from the observed Deployment.
   */
  public ApplicationStatus stalled(
      Application app, Optional<Deployment> observed, String reason, String message) {
    return status(app, observed, new Verdict(Phase.STALLED, reason, message));
  }

  private ApplicationStatus status(
      Application app, Optional<Deployment> observed, Verdict verdict) {
    Long generation = app.getMetadata().getGeneration();
    ApplicationStatus previous =
        app.getStatus() == null ? new ApplicationStatus() : app.getStatus();

    ApplicationStatus status = new ApplicationStatus();
    status.setObservedGeneration(generation);
    int desired = observed.map(d -> d.getSpec().getReplicas()).filter(Objects::nonNull).orElse(0);
    int ready =
        observed.map(Deployment::getStatus).map(DeploymentStatus::getReadyReplicas).orElse(0);
    status.setReplicas(desired);
    status.setReadyReplicas(ready);
    status.setReady(ready + "/" + desired);
    Phase phase = verdict.phase();
    status.setConditions(
        Conditions.mergeAll(
            previous.getConditions(),
            List.of(
                condition(
                    READY,
                    phase == Phase.AVAILABLE,
                    verdict.reason(),
                    verdict.message(),
                    generation),
                condition(
                    RECONCILING,
                    phase == Phase.CREATING || phase == Phase.ROLLING_OUT,
                    verdict.reason(),
                    verdict.message(),
                    generation),
                condition(
                    STALLED,
                    phase == Phase.STALLED,
                    verdict.reason(),
                    verdict.message(),
                    generation)),
            clock.instant()));
    return status;
  }

  private static Verdict verdictOf(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < deployment.getMetadata().getGeneration()) {
      return Verdict.ROLLING_OUT;
    }
    boolean deadlineExceeded =
        status.getConditions() != null
            && status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()))
                .map(DeploymentCondition::getReason)
                .anyMatch(PROGRESS_DEADLINE_EXCEEDED::equals);
    if (deadlineExceeded) {
      return Verdict.DEADLINE_EXCEEDED;
    }
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    if (updated < desired || available < desired || total > desired) {
      return Verdict.ROLLING_OUT;
    }
    return Verdict.AVAILABLE;
  }

  private enum Phase {
    CREATING,
    ROLLING_OUT,
    STALLED,
    AVAILABLE
  }

  private record Verdict(Phase phase, String reason, String message) {
    static final Verdict CREATING =
        new Verdict(Phase.CREATING, ApplicationStatusFactory.CREATING, "Creating the workload");
    static final Verdict ROLLING_OUT =
        new Verdict(
            Phase.ROLLING_OUT,
            ApplicationStatusFactory.ROLLING_OUT,
            "Waiting for the current revision's pods to become available");
    static final Verdict DEADLINE_EXCEEDED =
        new Verdict(
            Phase.STALLED,
            PROGRESS_DEADLINE_EXCEEDED,
            "The rollout did not progress within its deadline");
    static final Verdict AVAILABLE =
        new Verdict(
            Phase.AVAILABLE,
            ApplicationStatusFactory.AVAILABLE,
            "All pods of the current revision are available");
  }
}
