package dev.capstan.network.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventType;
import dev.capstan.network.compile.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntentEventsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Condition> READY =
      IntentConditions.of(List.of(), List.of(), "3 written", 1L, NOW);
  private static final List<Condition> STALLED =
      IntentConditions.of(
          List.of(), List.of(Problem.error("spec.x", "conflicts with y")), "unused", 1L, NOW);

  @Test
  void becomingReadyOrStalledIsAnEventStayingSoIsNot() {
    assertThat(IntentEvents.between(List.of(), READY))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.NORMAL);
              assertThat(e.reason()).isEqualTo(IntentConditions.PROGRAMMED);
            });
    assertThat(IntentEvents.between(READY, STALLED))
        .extracting(EventDetails::type, EventDetails::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventType.WARNING, IntentConditions.UNSATISFIABLE));
    assertThat(IntentEvents.between(READY, READY)).isEmpty();
    assertThat(IntentEvents.between(STALLED, STALLED)).isEmpty();
  }

  @Test
  void stalledForAnotherReasonIsANewWarning() {
    List<Condition> otherwise =
        IntentConditions.of(
            STALLED, List.of(Problem.error("spec.z", "bad except")), "unused", 2L, NOW);

    assertThat(IntentEvents.between(STALLED, otherwise))
        .singleElement()
        .satisfies(e -> assertThat(e.note()).contains("bad except"));
  }
}
