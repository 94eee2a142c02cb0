package dev.capstan.network.evaluation;

import java.util.List;

/**
 * One direction of a verdict: whether the pod is isolated in that direction, by which policies, and
 * which rules allow the connection.
 */
public record DirectionResult(
    Direction direction,
    String pod,
    boolean isolated,
    List<String> isolatingPolicies,
    List<RuleRef> allowedBy) {

  public DirectionResult {
    isolatingPolicies = List.copyOf(isolatingPolicies);
    allowedBy = List.copyOf(allowedBy);
  }

  /** Allowed when the pod is not isolated in this direction, or some rule allows it. */
  public boolean allowed() {
    return !isolated || !allowedBy.isEmpty();
  }

  /** What decided, in one sentence. */
  public String explain() {
    String subject = direction == Direction.EGRESS ? "egress of " + pod : "ingress of " + pod;
    if (!isolated) {
      return subject
          + ": allowed, not isolated (no NetworkPolicy with policyType "
          + direction.policyType()
          + " selects it)";
    }
    String isolation = subject + ": isolated by " + String.join(", ", isolatingPolicies);
    if (allowedBy.isEmpty()) {
      return isolation + "; denied, no " + direction.field() + " rule of these allows it";
    }
    return isolation
        + "; allowed by "
        + String.join(", ", allowedBy.stream().map(RuleRef::toString).toList());
  }
}
