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

  private final Clock clock;

  public ApplicationStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public ApplicationStatus statusFor(Application app, Optional<Deployment> observed) {
    Long generation = app.getMetadata().getGeneration();
    Progress progress =
        observed.map(ApplicationStatusFactory::progressOf).orElse(Progress.CREATING);
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
    status.setConditions(
        Conditions.mergeAll(
            previous.getConditions(),
            List.of(
                condition(
                    READY,
                    progress == Progress.AVAILABLE,
                    progress.reason,
                    progress.message,
                    generation),
                condition(
                    RECONCILING,
                    progress == Progress.CREATING || progress == Progress.ROLLING_OUT,
                    progress.reason,
                    progress.message,
                    generation),
                condition(
                    STALLED,
                    progress == Progress.STALLED,
                    progress.reason,
                    progress.message,
                    generation)),
            clock.instant()));
    return status;
  }

  private static Progress progressOf(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < deployment.getMetadata().getGeneration()) {
      return Progress.ROLLING_OUT;
    }
    boolean deadlineExceeded =
        status.getConditions() != null
            && status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()))
                .map(DeploymentCondition::getReason)
                .anyMatch("ProgressDeadlineExceeded"::equals);
    if (deadlineExceeded) {
      return Progress.STALLED;
    }
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    if (updated < desired || available < desired || total > desired) {
      return Progress.ROLLING_OUT;
    }
    return Progress.AVAILABLE;
  }

  private enum Progress {
    CREATING("Creating", "Creating the workload"),
    ROLLING_OUT("RollingOut", "Waiting for the current revision's pods to become available"),
    STALLED("ProgressDeadlineExceeded", "The rollout did not progress within its deadline"),
    AVAILABLE("Available", "All pods of the current revision are available");

    final String reason;
    final String message;

    Progress(String reason, String message) {
      this.reason = reason;
      this.message = message;
    }
  }
}
