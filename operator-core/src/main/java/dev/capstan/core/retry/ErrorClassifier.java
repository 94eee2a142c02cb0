package dev.capstan.core.retry;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a reconcile error is transient (retry with backoff) or permanent (report {@code
 * Stalled}, stop retrying until something changes). Pure: it only inspects the exception.
 *
 * <p>Why it exists: JOSDK retries every exception alike, so an object the API server will never
 * accept is retried until the attempts run out and again on every resync.
 *
 * <p>Rules, looking through causes and JOSDK's {@link AggregatedOperatorException} (one exception
 * per failed dependent):
 *
 * <ul>
 *   <li>{@link PermanentReconcileException}: permanent, with its reason.
 *   <li>{@link KubernetesClientException} 400 BadRequest, 403 Forbidden, 405 MethodNotAllowed, 413
 *       RequestEntityTooLarge, 415 UnsupportedMediaType, 422 Invalid: permanent. The API server
 *       (validation, admission webhooks, RBAC, quota) rejected the request; the same request will
 *       be rejected again.
 *   <li>Everything else, including 404, 409 Conflict, 429, 5xx, timeouts and I/O errors: transient.
 * </ul>
 *
 * If several errors are present, the first permanent one wins: retrying cannot fix that one.
 */
public final class ErrorClassifier {

  private static final Set<Integer> PERMANENT_CODES = Set.of(400, 403, 405, 413, 415, 422);
  private static final int MAX_MESSAGE = 1024;

  private ErrorClassifier() {}

  public static ReconcileError classify(Throwable error) {
    List<Throwable> all = flatten(error);
    for (Throwable t : all) {
      if (t instanceof PermanentReconcileException p) {
        return ReconcileError.permanentError(p.reason(), message(p.getMessage()));
      }
      if (t instanceof KubernetesClientException k && PERMANENT_CODES.contains(k.getCode())) {
        return ReconcileError.permanentError(reasonOf(k), message(apiMessage(k)));
      }
    }
    Optional<KubernetesClientException> api =
        all.stream()
            .filter(KubernetesClientException.class::isInstance)
            .map(KubernetesClientException.class::cast)
            .filter(k -> k.getCode() > 0)
            .findFirst();
    if (api.isPresent()) {
      return ReconcileError.transientError(reasonOf(api.get()), message(apiMessage(api.get())));
    }
    Throwable leaf =
        all.stream()
            .filter(t -> t.getCause() == null && !(t instanceof AggregatedOperatorException))
            .findFirst()
            .orElse(error);
    return ReconcileError.transientError(
        "ReconcileError",
        message(
            leaf == null
                ? "unknown error"
                : leaf.getClass().getSimpleName() + ": " + leaf.getMessage()));
  }

  /** The error, its causes and, for aggregated errors, each aggregated error and its causes. */
  private static List<Throwable> flatten(Throwable error) {
    List<Throwable> result = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(error, result, seen);
    return result;
  }

  private static void collect(Throwable error, List<Throwable> result, Set<Throwable> seen) {
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      result.add(t);
      if (t instanceof AggregatedOperatorException aggregated) {
        aggregated.getAggregatedExceptions().values().forEach(e -> collect(e, result, seen));
      }
    }
  }

  /** The API server's reason (e.g. {@code Invalid}, {@code Forbidden}) or one from the code. */
  private static String reasonOf(KubernetesClientException e) {
    return Optional.ofNullable(e.getStatus())
        .map(Status::getReason)
        .filter(r -> !r.isBlank())
        .orElseGet(() -> reasonOfCode(e.getCode()));
  }

  private static String reasonOfCode(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 413 -> "RequestEntityTooLarge";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      default -> code >= 500 ? "ServerError" : "ApiError";
    };
  }

  /** The API server's own message, without fabric8's "Failure executing: PATCH at: …" prefix. */
  private static String apiMessage(KubernetesClientException e) {
    return Optional.ofNullable(e.getStatus())
        .map(Status::getMessage)
        .filter(m -> !m.isBlank())
        .orElse(e.getMessage());
  }

  private static String message(String message) {
    if (message == null) {
      return "";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
