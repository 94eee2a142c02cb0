package dev.capstan.workloads.application;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events a person should see when an Application's status changes: it became Ready, or it
 * became Stalled (rollout deadline exceeded, or an error retrying cannot fix). Pure: compares two
 * statuses. Reconciles that change nothing produce no Event, so a no-op reconcile writes nothing.
 */
final class ApplicationEvents {

  /** Action of Events about rolling out the workload. */
  static final String ROLLOUT = "Rollout";

  /** Action of Events about automatic rollback. */
  static final String ROLLBACK = "Rollback";

  /** Action of Events about applying children that the API server refused. */
  static final String APPLY = "Apply";

  /** Stalled reasons that come from the workload's own progress rather than from an apply. */
  private static final java.util.Set<String> ROLLOUT_FAILURES =
      java.util.Set.of(WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED, WorkloadProgress.JOB_FAILED);

  private ApplicationEvents() {}

  static List<EventDetails> between(ApplicationStatus previous, ApplicationStatus next) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    List<Condition> after = next.getConditions();
    List<EventDetails> events = new ArrayList<>();
    if (!Conditions.isTrue(before, Conditions.READY)
        && Conditions.isTrue(after, Conditions.READY)) {
      Condition ready = Conditions.find(after, Conditions.READY).orElseThrow();
      events.add(
          EventDetails.normal(
              ready.getReason(),
              ROLLOUT,
              "Ready: "
                  + next.getReady()
                  + " ("
                  + ready.getMessage()
                  + ", generation "
                  + next.getObservedGeneration()
                  + ")"));
    }
    Optional<Condition> stalled =
        Conditions.find(after, Conditions.STALLED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    Optional<Condition> wasStalled =
        Conditions.find(before, Conditions.STALLED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    if (stalled.isPresent()
        && !(wasStalled.isPresent()
            && Objects.equals(wasStalled.get().getReason(), stalled.get().getReason())
            && Objects.equals(wasStalled.get().getMessage(), stalled.get().getMessage()))) {
      String reason = stalled.get().getReason();
      events.add(
          EventDetails.warning(
              reason,
              ROLLOUT_FAILURES.contains(reason) ? ROLLOUT : APPLY,
              stalled.get().getMessage()));
    }
    Optional<Condition> rolledBack =
        Conditions.find(after, ApplicationStatusFactory.ROLLED_BACK_CONDITION)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    // The same refusal as before (its message names both revisions): no new Event, also when only
    // status.failedRevision had been lost and is written back from the workload's record.
    Optional<Condition> wasRolledBack =
        Conditions.find(before, ApplicationStatusFactory.ROLLED_BACK_CONDITION)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    if (rolledBack.isPresent()
        && !(wasRolledBack.isPresent()
            && Objects.equals(wasRolledBack.get().getMessage(), rolledBack.get().getMessage()))) {
      events.add(
          EventDetails.warning(
              ApplicationStatusFactory.ROLLED_BACK, ROLLBACK, rolledBack.get().getMessage()));
    }
    return events;
  }
}
