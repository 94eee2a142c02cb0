package dev.capstan.security.policy;

import java.util.Objects;

/**
 * One violated rule, rendered as {@code field: reason (detail)}.
 *
 * @param field the offending field's path in the pod, e.g. {@code
 *     spec.containers[0].securityContext.privileged}
 * @param reason what is wrong, short
 * @param detail the specifics: the value, the container, what is allowed
 * @param source where the rule comes from: {@code policy} for the policy's own fields, {@code
 *     <level>:<version>/<checkId>} for a base profile check, {@code model} for fields this build
 *     cannot evaluate
 */
public record Violation(String field, String reason, String detail, String source) {

  public static final String POLICY = "policy";
  public static final String MODEL = "model";

  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
  }

  public static Violation policy(String field, String reason, String detail) {
    return new Violation(field, reason, detail, POLICY);
  }

  /** The same violation with its field inside the object at {@code path}, e.g. a pod template. */
  public Violation under(String path) {
    return new Violation(path + "." + field, reason, detail, source);
  }

  /** The same violation with its field path rewritten, e.g. into the workload's own fields. */
  public Violation at(java.util.function.UnaryOperator<String> fieldPaths) {
    return new Violation(fieldPaths.apply(field), reason, detail, source);
  }

  @Override
  public String toString() {
    return field + ": " + reason + " (" + detail + ")";
  }
}
