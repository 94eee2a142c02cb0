package dev.capstan.core.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Events to another recorder on one background thread through a bounded queue, as client-go's
 * event broadcaster does: the caller (a provisioning worker, say) does not wait for the Event's API
 * round trip, and when the API server falls behind, Events are dropped and counted rather than
 * slowing down the work they report.
 *
 * <p>Use it where Events are frequent and the caller's latency matters; reconcilers that report a
 * rare transition can stay synchronous ({@link KubernetesEventRecorder}) to keep Events in order
 * with the status they accompany. One thread keeps the order of Events among themselves.
 */
public final class AsyncEventRecorder implements EventRecorder, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(AsyncEventRecorder.class);

  /** client-go's broadcaster queue length. */
  public static final int DEFAULT_QUEUE = 1000;

  private final EventRecorder delegate;
  private final ThreadPoolExecutor executor;
  private final AtomicLong dropped = new AtomicLong();

  public AsyncEventRecorder(EventRecorder delegate, int queueLength) {
    this.delegate = delegate;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueLength),
            r -> {
              Thread t = new Thread(r, "event-recorder");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public void record(HasMetadata regarding, EventDetails details) {
    try {
      executor.execute(() -> delegate.record(regarding, details));
    } catch (RejectedExecutionException e) {
      long n = dropped.incrementAndGet();
      if (n == 1 || Long.bitCount(n) == 1) { // log the 1st, 2nd, 4th, 8th … drop
        LOGGER.warn(
            "event queue full or closed: dropped Event {} about {} {} ({} dropped so far)",
            details.reason(),
            regarding.getKind(),
            regarding.getMetadata().getName(),
            n);
      }
    }
  }

  /** Events dropped because the queue was full (or the recorder closed). */
  public long dropped() {
    return dropped.get();
  }

  /** Events queued and not yet sent. */
  public int pending() {
    return executor.getQueue().size() + executor.getActiveCount();
  }

  /** Sends what is queued, waiting up to {@code timeout}, then stops. */
  @Override
  public void close() {
    close(executor, 5, TimeUnit.SECONDS);
  }

  private static void close(ExecutorService executor, long timeout, TimeUnit unit) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout, unit)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
