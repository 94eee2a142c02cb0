package dev.capstan.workloads.application;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.retry.ErrorClassifier;
import dev.capstan.core.retry.ReconcileError;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ApplicationReconciler#updateErrorStatus} does with a reconcile error, decided without
 * I/O: a transient error is left to JOSDK's retry (with backoff); a permanent one becomes a {@code
 * Stalled} status — written only when it differs from the stored one — and a Warning Event on the
 * transition.
 *
 * @param error the classification
 * @param status the status to write, empty when there is nothing to write
 * @param events the Events to record
 */
record ErrorOutcome(
    ReconcileError error, Optional<ApplicationStatus> status, List<EventDetails> events) {

  static ErrorOutcome of(
      Application app,
      Optional<? extends HasMetadata> observed,
      Exception exception,
      ApplicationStatusFactory statusFactory) {
    ReconcileError error = ErrorClassifier.classify(exception);
    if (!error.permanent()) {
      return new ErrorOutcome(error, Optional.empty(), List.of());
    }
    ApplicationStatus stalled =
        statusFactory.stalled(app, observed, error.reason(), error.message());
    if (stalled.equals(app.getStatus())) {
      return new ErrorOutcome(error, Optional.empty(), List.of());
    }
    return new ErrorOutcome(
        error, Optional.of(stalled), ApplicationEvents.between(app.getStatus(), stalled));
  }

  boolean retry() {
    return !error.permanent();
  }
}
