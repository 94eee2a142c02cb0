package dev.capstan.security.status;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events a person should see when a policy's status changes (pure: compares two statuses):
 *
 * <ul>
 *   <li>it became invalid, or its errors changed: Warning {@code InvalidPolicy} — the webhooks now
 *       skip it;
 *   <li>it became valid again after being invalid: Normal {@code PolicyValid} (a new valid policy
 *       gets none: nothing went wrong);
 *   <li>the audit found running pods it would not admit where it found none before: Warning {@code
 *       ViolatingPods}, naming a few;
 *   <li>and back to none: Normal {@code ViolationsResolved}.
 * </ul>
 *
 * A count that moves between positive values is no transition, and a status that did not change
 * yields nothing, so a periodic re-audit does not repeat Events (and the recorder folds repeats of
 * the same Event into its series).
 */
final class PolicyEvents {

  static final String INVALID_POLICY = "InvalidPolicy";
  static final String POLICY_VALID = "PolicyValid";
  static final String VIOLATING_PODS = "ViolatingPods";
  static final String VIOLATIONS_RESOLVED = "ViolationsResolved";

  /** Action of Events about compiling the policy. */
  static final String COMPILE = "Compile";

  /** Action of Events about the audit of running pods. */
  static final String AUDIT = "Audit";

  private PolicyEvents() {}

  static List<EventDetails> between(
      PodSecurityPolicyStatus previous, PodSecurityPolicyStatus next) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    List<Condition> after = next.getConditions();
    List<EventDetails> events = new ArrayList<>();
    Optional<Condition> stalled = trueCondition(after, Conditions.STALLED);
    Optional<Condition> wasStalled = trueCondition(before, Conditions.STALLED);
    if (stalled.isPresent()) {
      if (wasStalled.isEmpty()
          || !Objects.equals(wasStalled.get().getMessage(), stalled.get().getMessage())) {
        events.add(
            EventDetails.warning(
                INVALID_POLICY,
                COMPILE,
                "The policy is invalid and skipped by the admission webhooks: "
                    + stalled.get().getMessage()));
      }
      return events;
    }
    if (wasStalled.isPresent() && Conditions.isTrue(after, Conditions.READY)) {
      events.add(
          EventDetails.normal(
              POLICY_VALID,
              COMPILE,
              "The policy is valid again and enforced by the admission webhooks (generation "
                  + next.getObservedGeneration()
                  + ")"));
    }
    int was = violating(previous);
    int now = violating(next);
    if (was == 0 && now > 0) {
      String sample =
          next.getViolatingPodNames() == null || next.getViolatingPodNames().isEmpty()
              ? ""
              : ", e.g. " + String.join(", ", next.getViolatingPodNames());
      events.add(
          EventDetails.warning(
              VIOLATING_PODS,
              AUDIT,
              now + " running pod(s) in the policy's scope would not be admitted" + sample));
    } else if (was > 0 && now == 0) {
      events.add(
          EventDetails.normal(
              VIOLATIONS_RESOLVED,
              AUDIT,
              "No running pod in the policy's scope violates it any more (" + was + " before)"));
    }
    return events;
  }

  private static int violating(PodSecurityPolicyStatus status) {
    return status == null || status.getViolatingPods() == null ? 0 : status.getViolatingPods();
  }

  private static Optional<Condition> trueCondition(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).filter(c -> Conditions.TRUE.equals(c.getStatus()));
  }
}
