package dev.capstan.storage.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  @Test
  void oneKeyNeverRunsTwiceAtOnceAndAddsDuringARunCauseOneMoreRun() throws Exception {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (WorkQueue queue =
        new WorkQueue(
            "test",
            4,
            key -> {
              int now = concurrent.incrementAndGet();
              maxConcurrent.accumulateAndGet(now, Math::max);
              runs.incrementAndGet();
              firstRunStarted.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              concurrent.decrementAndGet();
            })) {
      queue.add("claim/a");
      assertThat(firstRunStarted.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 10; i++) {
        queue.add("claim/a"); // coalesced into one re-run
      }
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && concurrent.get() == 0);
      // and no third run follows: the ten adds were one
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> runs.get() == 2);
      assertThat(maxConcurrent.get()).isEqualTo(1);
    }
  }

  @Test
  void failuresAreRetriedWithGrowingBackoff() {
    List<Long> times = new CopyOnWriteArrayList<>();
    try (WorkQueue queue =
        new WorkQueue(
            "test",
            1,
            key -> {
              times.add(System.nanoTime());
              if (times.size() < 3) {
                throw new IllegalStateException("driver said no");
              }
            })) {
      queue.add("pv/x");
      await().atMost(Duration.ofSeconds(10)).until(() -> times.size() == 3);
      long first = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
      long second = TimeUnit.NANOSECONDS.toMillis(times.get(2) - times.get(1));
      assertThat(first).isGreaterThanOrEqualTo(900);
      assertThat(second).isGreaterThanOrEqualTo(1900);
    }
    assertThat(WorkQueue.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(WorkQueue.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(WorkQueue.backoff(30)).isEqualTo(Duration.ofMinutes(5));
  }
}
