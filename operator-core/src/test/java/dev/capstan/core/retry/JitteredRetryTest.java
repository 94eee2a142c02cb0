package dev.capstan.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JitteredRetryTest {

  @Test
  void withoutJitterDelaysGrowExponentiallyUpToTheCap() {
    JitteredRetry retry =
        new JitteredRetry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.0, 6, () -> 0.5);

    assertThat(delays(retry.initExecution(), 7))
        .containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
  }

  @Test
  void jitterSpreadsEachDelayOverPlusMinusTheFactor() {
    JitteredRetry low =
        new JitteredRetry(Duration.ofSeconds(4), 2.0, Duration.ofMinutes(5), 0.25, 3, () -> 0.0);
    JitteredRetry high =
        new JitteredRetry(
            Duration.ofSeconds(4), 2.0, Duration.ofMinutes(5), 0.25, 3, () -> 0.999999);

    assertThat(delays(low.initExecution(), 3)).containsExactly(3000L, 6000L, 12000L);
    assertThat(delays(high.initExecution(), 3)).containsExactly(5000L, 10000L, 20000L);
  }

  @Test
  void realRandomnessDecorrelatesObjectsThatFailedTogether() {
    Set<Long> firstDelays = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      long delay = JitteredRetry.DEFAULT.initExecution().nextDelay().orElseThrow();
      assertThat(delay).isBetween(800L, 1200L);
      firstDelays.add(delay);
    }
    assertThat(firstDelays).hasSizeGreaterThan(10);
  }

  @Test
  void countsAttemptsAndStopsAfterTheLast() {
    RetryExecution execution =
        new JitteredRetry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.1, 2, () -> 0.5)
            .initExecution();

    assertThat(execution.getAttemptCount()).isZero();
    assertThat(execution.isLastAttempt()).isFalse();
    assertThat(execution.nextDelay()).isPresent();
    assertThat(execution.nextDelay()).isPresent();
    assertThat(execution.getAttemptCount()).isEqualTo(2);
    assertThat(execution.isLastAttempt()).isTrue();
    assertThat(execution.nextDelay()).isEmpty();
  }

  @Test
  void negativeMaxAttemptsRetriesForeverAtTheCap() {
    RetryExecution execution = JitteredRetry.DEFAULT.initExecution();
    Optional<Long> delay = Optional.empty();
    for (int i = 0; i < 100; i++) {
      delay = execution.nextDelay();
    }
    assertThat(execution.isLastAttempt()).isFalse();
    assertThat(delay).hasValueSatisfying(d -> assertThat(d).isBetween(240_000L, 360_000L));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new JitteredRetry(Duration.ZERO, 2.0, Duration.ofSeconds(1), 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new JitteredRetry(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new JitteredRetry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1), 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> delays(RetryExecution execution, int calls) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      execution.nextDelay().ifPresent(delays::add);
    }
    return delays;
  }
}
