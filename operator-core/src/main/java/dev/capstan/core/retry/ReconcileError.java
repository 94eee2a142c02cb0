package dev.capstan.core.retry;

/**
 * A reconcile error as {@link ErrorClassifier} sees it.
 *
 * @param permanent whether retrying cannot help until something changes (spec, RBAC, admission)
 * @param reason a CamelCase reason for a condition or Event, e.g. {@code Invalid}
 * @param message a one-line message for people, without stack traces
 */
public record ReconcileError(boolean permanent, String reason, String message) {

  public static ReconcileError transientError(String reason, String message) {
    return new ReconcileError(false, reason, message);
  }

  public static ReconcileError permanentError(String reason, String message) {
    return new ReconcileError(true, reason, message);
  }
}
