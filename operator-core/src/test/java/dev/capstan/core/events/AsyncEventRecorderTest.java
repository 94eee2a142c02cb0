package dev.capstan.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncEventRecorderTest {

  private static final HasMetadata OBJECT =
      new ConfigMapBuilder()
          .withNewMetadata()
          .withName("c")
          .withNamespace("n")
          .endMetadata()
          .build();

  @Test
  void recordsInOrderWithoutBlockingTheCaller() throws InterruptedException {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    EventRecorder slow =
        (regarding, details) -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(details.reason());
        };
    try (AsyncEventRecorder recorder = new AsyncEventRecorder(slow, 10)) {
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        recorder.record(OBJECT, EventDetails.normal("R" + i, "Test", "note"));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("the caller did not wait for the slow delegate")
          .isLessThan(Duration.ofSeconds(1));
      assertThat(seen).isEmpty();
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 5);
      assertThat(seen).containsExactly("R0", "R1", "R2", "R3", "R4");
      assertThat(recorder.dropped()).isZero();
    }
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFull() {
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    EventRecorder blocked =
        (regarding, details) -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(details.reason());
        };
    try (AsyncEventRecorder recorder = new AsyncEventRecorder(blocked, 2)) {
      recorder.record(OBJECT, EventDetails.normal("first", "Test", "taken by the thread"));
      await().atMost(Duration.ofSeconds(5)).until(() -> recorder.pending() == 1);
      recorder.record(OBJECT, EventDetails.normal("q1", "Test", "queued"));
      recorder.record(OBJECT, EventDetails.normal("q2", "Test", "queued"));
      recorder.record(OBJECT, EventDetails.normal("over", "Test", "dropped"));
      assertThat(recorder.dropped()).isEqualTo(1);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
      assertThat(seen).containsExactly("first", "q1", "q2");
    }
  }

  @Test
  void closeSendsWhatIsQueued() {
    List<String> seen = new CopyOnWriteArrayList<>();
    AsyncEventRecorder recorder =
        new AsyncEventRecorder((regarding, details) -> seen.add(details.reason()), 10);
    recorder.record(OBJECT, EventDetails.normal("a", "Test", "note"));
    recorder.record(OBJECT, EventDetails.normal("b", "Test", "note"));
    recorder.close();
    assertThat(seen).containsExactly("a", "b");
    recorder.record(OBJECT, EventDetails.normal("late", "Test", "after close"));
    assertThat(recorder.dropped()).isEqualTo(1);
  }
}
