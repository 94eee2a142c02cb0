package dev.capstan.core.retry;

/**
 * Thrown by a reconciler or dependent for an error that retrying cannot fix, e.g. a spec that
 * cannot be rendered. {@link ErrorClassifier} classifies it as permanent: the resource becomes
 * {@code Stalled} with {@link #reason()} and the message, instead of being retried.
 */
public class PermanentReconcileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason a CamelCase reason for the Stalled condition and the Warning Event
   * @param message what a person should read, and fix
   */
  public PermanentReconcileException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PermanentReconcileException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
