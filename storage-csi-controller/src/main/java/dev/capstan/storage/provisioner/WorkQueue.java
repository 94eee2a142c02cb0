package dev.capstan.storage.provisioner;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue that never runs one key twice at once (create and delete of one claim are
 * serialised, external-provisioner#1469), coalesces repeated adds, and retries a failing key with
 * exponential backoff (1 s to 5 min, forever — like client-go's ItemExponentialFailureRateLimiter).
 */
public final class WorkQueue implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(WorkQueue.class);
  static final Duration BASE_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofMinutes(5);

  /** Thrown by a handler to ask for a retry at a given delay instead of the backoff. */
  static final class RetryAfter extends RuntimeException {
    final Duration delay;

    RetryAfter(String message, Duration delay) {
      super(message);
      this.delay = delay;
    }
  }

  private enum State {
    QUEUED,
    RUNNING,
    RUNNING_DIRTY
  }

  private final ScheduledExecutorService executor;
  private final Consumer<String> handler;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public WorkQueue(String name, int workers, Consumer<String> handler) {
    this.handler = handler;
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            workers,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    // Workers exist while there is work: an idle controller does not keep 100 threads per queue.
    pool.setKeepAliveTime(30, TimeUnit.SECONDS);
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  public void add(String key) {
    addAfter(key, Duration.ZERO);
  }

  void addAfter(String key, Duration delay) {
    boolean[] schedule = {false};
    states.compute(
        key,
        (k, s) -> {
          if (s == null) {
            schedule[0] = true;
            return State.QUEUED;
          }
          return s == State.RUNNING ? State.RUNNING_DIRTY : s;
        });
    if (schedule[0]) {
      executor.schedule(() -> run(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run(String key) {
    states.put(key, State.RUNNING);
    Duration retry = null;
    try {
      handler.accept(key);
      failures.remove(key);
    } catch (RetryAfter e) {
      LOGGER.debug("{}: {} (again in {})", key, e.getMessage(), e.delay);
      retry = e.delay;
    } catch (RuntimeException e) {
      int n = failures.merge(key, 1, Integer::sum);
      retry = backoff(n);
      LOGGER.info("{}: {} (attempt {}, again in {})", key, e.getMessage(), n, retry);
    }
    Duration next = retry;
    boolean[] again = {false};
    states.compute(
        key,
        (k, s) -> {
          if (s == State.RUNNING_DIRTY || next != null) {
            again[0] = true;
            return State.QUEUED;
          }
          return null;
        });
    if (again[0] && !executor.isShutdown()) {
      long ms = next == null ? 0 : next.toMillis();
      executor.schedule(() -> run(key), ms, TimeUnit.MILLISECONDS);
    }
  }

  static Duration backoff(int failures) {
    long ms = BASE_DELAY.toMillis() << Math.min(failures - 1, 20);
    return Duration.ofMillis(Math.min(ms, MAX_DELAY.toMillis()));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
