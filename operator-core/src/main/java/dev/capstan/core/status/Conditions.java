package dev.capstan.core.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * metav1.Condition bookkeeping in the kstatus vocabulary. JOSDK and fabric8 give the Condition type
 * but not the rule that {@code lastTransitionTime} moves only when the condition's status flips,
 * which is what keeps a no-op reconcile from writing status.
 */
public final class Conditions {

  /** The resource is fully reconciled and serving as specified. */
  public static final String READY = "Ready";

  /** Abnormal-true: the controller is still working towards the current spec (kstatus). */
  public static final String RECONCILING = "Reconciling";

  /** Abnormal-true: progress is blocked until something (usually the spec) changes (kstatus). */
  public static final String STALLED = "Stalled";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /**
   * Returns {@code current} with {@code desired} merged in: other types are kept, in order; a
   * condition of the same type keeps its {@code lastTransitionTime} unless its status changed, in
   * which case it becomes {@code now}.
   */
  public static List<Condition> merge(List<Condition> current, Condition desired, Instant now) {
    List<Condition> result = new ArrayList<>(current == null ? List.of() : current);
    Optional<Condition> previous = find(result, desired.getType());
    String transition =
        previous
            .filter(p -> Objects.equals(p.getStatus(), desired.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .orElse(timestamp(now));
    Condition merged = new ConditionBuilder(desired).withLastTransitionTime(transition).build();
    previous.ifPresentOrElse(p -> result.set(result.indexOf(p), merged), () -> result.add(merged));
    return result;
  }

  /** Merges every desired condition in turn; see {@link #merge(List, Condition, Instant)}. */
  public static List<Condition> mergeAll(
      List<Condition> current, List<Condition> desired, Instant now) {
    List<Condition> result = current == null ? List.of() : current;
    for (Condition condition : desired) {
      result = merge(result, condition, now);
    }
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /** A condition without a transition time; {@link #merge} supplies it. */
  public static Condition condition(
      String type, boolean status, String reason, String message, Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? TRUE : FALSE)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /** RFC 3339 at second precision, as the API server stores metav1.Time. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
