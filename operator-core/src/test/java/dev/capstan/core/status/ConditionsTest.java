package dev.capstan.core.status;

import static dev.capstan.core.status.Conditions.READY;
import static dev.capstan.core.status.Conditions.RECONCILING;
import static dev.capstan.core.status.Conditions.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void newConditionGetsTheCurrentTimeAtSecondPrecision() {
    List<Condition> result =
        Conditions.merge(List.of(), condition(READY, false, "Creating", "m", 1L), T0);

    assertThat(result)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
              assertThat(c.getReason()).isEqualTo("Creating");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });
  }

  @Test
  void sameStatusKeepsTheTransitionTimeEvenWhenReasonAndMessageChange() {
    List<Condition> first =
        Conditions.merge(List.of(), condition(READY, false, "Creating", "a", 1L), T0);

    List<Condition> second =
        Conditions.merge(first, condition(READY, false, "RollingOut", "b", 2L), T1);

    assertThat(second)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
              assertThat(c.getReason()).isEqualTo("RollingOut");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });
  }

  @Test
  void statusFlipMovesTheTransitionTime() {
    List<Condition> first =
        Conditions.merge(List.of(), condition(READY, false, "Creating", "a", 1L), T0);

    List<Condition> second =
        Conditions.merge(first, condition(READY, true, "Available", "b", 1L), T1);

    assertThat(second)
        .singleElement()
        .extracting(Condition::getLastTransitionTime)
        .isEqualTo("2026-01-01T11:00:00Z");
  }

  @Test
  void mergingTheSameConditionsAgainIsANoOp() {
    List<Condition> desired =
        List.of(
            condition(READY, true, "Available", "ok", 3L),
            condition(RECONCILING, false, "Done", "", 3L));
    List<Condition> first = Conditions.mergeAll(null, desired, T0);

    assertThat(Conditions.mergeAll(first, desired, T1)).isEqualTo(first);
  }

  @Test
  void otherTypesKeepTheirPlace() {
    List<Condition> first =
        Conditions.mergeAll(
            List.of(),
            List.of(
                condition(READY, false, "A", "", 1L), condition(RECONCILING, true, "B", "", 1L)),
            T0);

    List<Condition> second = Conditions.merge(first, condition(READY, true, "C", "", 1L), T1);

    assertThat(second).extracting(Condition::getType).containsExactly(READY, RECONCILING);
    assertThat(Conditions.isTrue(second, READY)).isTrue();
    assertThat(Conditions.isTrue(second, RECONCILING)).isTrue();
    assertThat(Conditions.isTrue(second, Conditions.STALLED)).isFalse();
  }
}
