package dev.capstan.core.admission;

import java.util.Objects;

/**
 * The outcome of a mutation: a {@link Decision} and, when allowed, the object as it should be
 * stored. The framework diffs it against the request's object and sends the difference as a JSON
 * Patch; the mutator never builds a patch itself.
 *
 * @param decision allowed or denied, with warnings and audit annotations
 * @param mutated the object to store, or null to leave it unchanged; ignored for a denial
 * @param <T> the object type
 */
public record Mutation<T>(Decision decision, T mutated) {

  public Mutation {
    Objects.requireNonNull(decision, "decision");
    if (!decision.allowed()) {
      mutated = null;
    }
  }

  /** Allowed, object unchanged. */
  public static <T> Mutation<T> unchanged() {
    return new Mutation<>(Decision.allow(), null);
  }

  /** Allowed, store {@code mutated} (which may be the request's object changed in place). */
  public static <T> Mutation<T> patch(T mutated) {
    return new Mutation<>(Decision.allow(), Objects.requireNonNull(mutated, "mutated"));
  }

  /** Denied with 403 Forbidden. */
  public static <T> Mutation<T> deny(String message) {
    return new Mutation<>(Decision.deny(message), null);
  }

  public static <T> Mutation<T> deny(int code, String message) {
    return new Mutation<>(Decision.deny(code, message), null);
  }

  public Mutation<T> withWarning(String warning) {
    return new Mutation<>(decision.withWarning(warning), mutated);
  }

  public Mutation<T> withAuditAnnotation(String key, String value) {
    return new Mutation<>(decision.withAuditAnnotation(key, value), mutated);
  }
}
