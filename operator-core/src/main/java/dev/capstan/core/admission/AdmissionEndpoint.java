package dev.capstan.core.admission;

import java.util.Objects;

/**
 * One webhook as served at one path: a validator or a mutator and the type its objects are decoded
 * to. Build with {@link #validating(Class, Validator)} or {@link #mutating(Class, Mutator)}.
 */
public sealed interface AdmissionEndpoint
    permits AdmissionEndpoint.Validating, AdmissionEndpoint.Mutating {

  /** The type {@code object} and {@code oldObject} are decoded to. */
  Class<?> type();

  static <T> AdmissionEndpoint validating(Class<T> type, Validator<T> validator) {
    return new Validating<>(type, validator);
  }

  static <T> AdmissionEndpoint mutating(Class<T> type, Mutator<T> mutator) {
    return new Mutating<>(type, mutator);
  }

  /** A validating endpoint. */
  record Validating<T>(Class<T> type, Validator<T> validator) implements AdmissionEndpoint {
    public Validating {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(validator, "validator");
    }
  }

  /** A mutating endpoint. */
  record Mutating<T>(Class<T> type, Mutator<T> mutator) implements AdmissionEndpoint {
    public Mutating {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(mutator, "mutator");
    }
  }
}
