package dev.capstan.security.status;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicyStatus;
import dev.capstan.security.policy.rules.PolicyCompiler;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;

/**
 * A policy's status from its compilation and the audit of running pods (pure, clock injected):
 * valid → Ready, not Reconciling, not Stalled, with the audit's count and sample; invalid → Stalled
 * with every error (the engine skips it), not Ready, no audit. Transition times move only when a
 * condition's status flips, so an unchanged policy yields an equal status and no write.
 */
public final class PolicyStatusFactory {

  static final String VALID = "Valid";
  static final String INVALID = "InvalidPolicy";

  private final Clock clock;

  public PolicyStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public PodSecurityPolicyStatus statusFor(
      PodSecurityPolicy policy, PolicyCompiler.Result compiled, PolicyAudit.Result audit) {
    Long generation = policy.getMetadata().getGeneration();
    PodSecurityPolicyStatus previous = policy.getStatus();
    List<Condition> current = previous == null ? List.of() : previous.getConditions();
    PodSecurityPolicyStatus status = new PodSecurityPolicyStatus();
    status.setObservedGeneration(generation);
    if (compiled.valid()) {
      String message =
          audit.violating() == 0
              ? "The policy is valid and enforced by the admission webhooks as " + mode(policy)
              : "The policy is valid ("
                  + mode(policy)
                  + "); "
                  + audit.violating()
                  + " running pod(s) in its scope would not be admitted as they are";
      status.setConditions(
          Conditions.mergeAll(
              current,
              List.of(
                  Conditions.condition(Conditions.READY, true, VALID, message, generation),
                  Conditions.condition(
                      Conditions.RECONCILING, false, VALID, "Up to date", generation),
                  Conditions.condition(Conditions.STALLED, false, VALID, "Valid", generation)),
              clock.instant()));
      status.setViolatingPods(audit.violating());
      status.setViolatingPodNames(audit.sample().isEmpty() ? null : audit.sample());
    } else {
      String errors = String.join("; ", compiled.errors());
      status.setConditions(
          Conditions.mergeAll(
              current,
              List.of(
                  Conditions.condition(
                      Conditions.READY,
                      false,
                      INVALID,
                      "The policy is invalid and skipped by the admission webhooks",
                      generation),
                  Conditions.condition(
                      Conditions.RECONCILING,
                      false,
                      INVALID,
                      "Waiting for a spec change",
                      generation),
                  Conditions.condition(Conditions.STALLED, true, INVALID, errors, generation)),
              clock.instant()));
    }
    return status;
  }

  private static String mode(PodSecurityPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getMode() == null
        ? "enforce"
        : policy.getSpec().getMode().name();
  }
}
