package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PolicyMode;
import java.util.List;

/**
 * How one policy judged the request: the "explain" of a decision.
 *
 * @param matchedBy which identity made the policy usable, or why not
 */
public record PolicyEvaluation(
    String policy,
    PolicyMode mode,
    Outcome outcome,
    String matchedBy,
    List<String> defaultedFields,
    List<Violation> violations) {

  /** The outcomes, in the order the engine settles them. */
  public enum Outcome {
    /** Its namespaceSelector does not select the namespace. */
    NOT_GOVERNING,
    /** Invalid; skipped (its status says why). */
    INVALID,
    /** The request is exempt by this policy. */
    EXEMPT,
    /** The requester may not use it (subjects or RBAC use). */
    NOT_USABLE,
    /** It rejects the pod. */
    DENIES,
    /** It admits the pod as it is. */
    ADMITS_UNCHANGED,
    /** It admits the pod with defaults. */
    ADMITS_WITH_DEFAULTS,
    /** Not needed: an earlier policy decided. */
    NOT_EVALUATED
  }
}
