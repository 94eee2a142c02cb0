package dev.capstan.network.status;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events worth a person's attention when an intent's conditions change: it became Ready (its
 * policies are written), or it became Stalled or stalled for another reason. Pure: compares two
 * condition lists, so a reconcile that changes nothing records nothing.
 */
public final class IntentEvents {

  /** Action of the Events: writing the intent's NetworkPolicies. */
  public static final String PROGRAM = "Program";

  private IntentEvents() {}

  public static List<EventDetails> between(List<Condition> before, List<Condition> after) {
    List<EventDetails> events = new ArrayList<>();
    Optional<Condition> ready = trueCondition(after, Conditions.READY);
    if (ready.isPresent() && trueCondition(before, Conditions.READY).isEmpty()) {
      events.add(EventDetails.normal(ready.get().getReason(), PROGRAM, ready.get().getMessage()));
    }
    Optional<Condition> stalled = trueCondition(after, Conditions.STALLED);
    Optional<Condition> wasStalled = trueCondition(before, Conditions.STALLED);
    if (stalled.isPresent()
        && !(wasStalled.isPresent()
            && Objects.equals(wasStalled.get().getMessage(), stalled.get().getMessage()))) {
      events.add(
          EventDetails.warning(stalled.get().getReason(), PROGRAM, stalled.get().getMessage()));
    }
    return events;
  }

  private static Optional<Condition> trueCondition(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).filter(c -> Conditions.TRUE.equals(c.getStatus()));
  }
}
