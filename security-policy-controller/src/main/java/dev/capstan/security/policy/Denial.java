package dev.capstan.security.policy;

import java.util.List;

/**
 * Why a pod was rejected.
 *
 * @param closestPolicy the usable policy with the fewest violations (ties: policy order), or null
 *     when the requester may use none
 * @param violations every rule the closest policy's check found violated
 * @param unusablePolicies policies governing the namespace that the requester may not use; only
 *     counted, never named
 * @param invalidPolicies invalid policies skipped
 * @param message the full message for the AdmissionResponse
 */
public record Denial(
    String closestPolicy,
    List<Violation> violations,
    int unusablePolicies,
    int invalidPolicies,
    String message) {}
