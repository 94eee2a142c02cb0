package dev.capstan.security.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * The engine's answer.
 *
 * @param allowed whether to admit
 * @param policy the enforce policy that admitted the pod (or exempted it), or null when no enforce
 *     policy governs the namespace or nothing was evaluated
 * @param object the object to admit: the pod with the policy's defaults on CREATE, else the input
 * @param defaultedFields paths of the fields the policy set; empty when unchanged
 * @param warnings for AdmissionResponse.warnings
 * @param auditAnnotations for AdmissionResponse.auditAnnotations
 * @param denial why, when not allowed
 * @param exemption namespace, user or runtimeClass when a policy exempted the request
 * @param evaluations how each enforce policy judged the request, in evaluation order
 */
public record AdmissionDecision(
    boolean allowed,
    String policy,
    HasMetadata object,
    List<String> defaultedFields,
    List<String> warnings,
    Map<String, String> auditAnnotations,
    Denial denial,
    String exemption,
    List<PolicyEvaluation> evaluations) {

  public boolean mutated() {
    return !defaultedFields.isEmpty();
  }
}
