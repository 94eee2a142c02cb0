package dev.capstan.network.status;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.STALLED;
import static dev.capstan.core.status.Conditions.condition;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.core.events.EventDetails;
import dev.capstan.core.retry.ErrorClassifier;
import dev.capstan.core.retry.ReconcileError;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.common.ConditionedStatus;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an intent's reconciler does with an error, decided without I/O (as the workload controller's
 * {@code ErrorOutcome}): a transient error is retried with backoff; a permanent one — the apiserver
 * refused a generated policy (422 Invalid, 403 Forbidden by RBAC or admission, …), see {@link
 * ErrorClassifier} — makes the intent {@code Stalled} and not Ready with the apiserver's reason and
 * message, written only when it differs from the stored status, and a Warning Event on the
 * transition.
 *
 * <p>One exception to the classifier: a 403 because the target namespace is being deleted ({@code
 * NamespaceTerminating}) is a race with the namespace's deletion, not a refusal of the intent; it
 * is retried, and the next reconcile leaves that namespace out.
 *
 * @param error the classification
 * @param status the status to write, empty when there is nothing to write
 * @param events the Events to record
 */
public record IntentErrors<S extends ConditionedStatus>(
    ReconcileError error, Optional<S> status, List<EventDetails> events) {

  static final String NAMESPACE_TERMINATING = "NamespaceTerminating";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param current the stored status (may be null)
   * @param type its class, to copy it
   */
  public static <S extends ConditionedStatus> IntentErrors<S> of(
      S current, Class<S> type, Long generation, Throwable exception, Instant now) {
    ReconcileError error = classify(exception);
    if (!error.permanent()) {
      return new IntentErrors<>(error, Optional.empty(), List.of());
    }
    S stalled = copy(current, type);
    List<io.fabric8.kubernetes.api.model.Condition> previous =
        current == null || current.getConditions() == null ? List.of() : current.getConditions();
    stalled.setObservedGeneration(generation);
    stalled.setConditions(
        Conditions.mergeAll(
            previous,
            List.of(
                condition(READY, false, error.reason(), error.message(), generation),
                condition(RECONCILING, false, error.reason(), error.message(), generation),
                condition(STALLED, true, error.reason(), error.message(), generation)),
            now));
    if (stalled.equals(current)) {
      return new IntentErrors<>(error, Optional.empty(), List.of());
    }
    return new IntentErrors<>(
        error, Optional.of(stalled), IntentEvents.between(previous, stalled.getConditions()));
  }

  /** {@link ErrorClassifier}, except that a write into a terminating namespace is transient. */
  public static ReconcileError classify(Throwable exception) {
    ReconcileError error = ErrorClassifier.classify(exception);
    if (error.permanent() && intoTerminatingNamespace(exception)) {
      return ReconcileError.transientError(NAMESPACE_TERMINATING, error.message());
    }
    return error;
  }

  public boolean retry() {
    return !error.permanent();
  }

  private static boolean intoTerminatingNamespace(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getDetails() != null
          && k.getStatus().getDetails().getCauses() != null) {
        for (StatusCause cause : k.getStatus().getDetails().getCauses()) {
          if (NAMESPACE_TERMINATING.equals(cause.getReason())) {
            return true;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static <S> S copy(S current, Class<S> type) {
    if (current == null) {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a status class has a public no-argument constructor", e);
      }
    }
    return JSON.convertValue(current, type);
  }
}
