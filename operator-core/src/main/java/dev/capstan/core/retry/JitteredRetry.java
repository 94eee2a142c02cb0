package dev.capstan.core.retry;

import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for transient reconcile errors.
 *
 * <p>Why it exists: JOSDK's {@code GenericRetry} (2 s, ×1.5, 5 attempts) has no jitter, so objects
 * that failed together (an API server restart, a webhook outage) retry together, and after the last
 * attempt JOSDK waits for the next event or {@code maxReconciliationInterval} (10 h by default).
 * Here the n-th delay (n = 1, 2, …) is {@code initial × multiplier^(n-1)}, capped at {@code
 * maxInterval}, then spread uniformly over ±{@code jitter} of itself; {@code maxAttempts < 0}
 * retries for as long as the error lasts, at most every {@code maxInterval} (plus jitter).
 *
 * <p>With QOSDK 7.4 a reconciler sets it through {@code ConfigurableReconciler} ({@code
 * overrider.withRetry(...)}): QOSDK reads the {@code retry} class of
 * {@code @ControllerConfiguration} from the wrong annotation and always uses {@code GenericRetry}.
 */
public final class JitteredRetry implements Retry {

  /** 1 s, doubling, capped at 5 min, ±20 %, unlimited attempts. */
  public static final JitteredRetry DEFAULT =
      new JitteredRetry(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2, -1);

  private final Duration initial;
  private final double multiplier;
  private final Duration maxInterval;
  private final double jitter;
  private final int maxAttempts;
  private final DoubleSupplier random;

  public JitteredRetry(
      Duration initial, double multiplier, Duration maxInterval, double jitter, int maxAttempts) {
    this(
        initial,
        multiplier,
        maxInterval,
        jitter,
        maxAttempts,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random uniform values in [0, 1); injected by tests
   */
  JitteredRetry(
      Duration initial,
      double multiplier,
      Duration maxInterval,
      double jitter,
      int maxAttempts,
      DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial interval must be positive: " + initial);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (maxInterval.compareTo(initial) < 0) {
      throw new IllegalArgumentException("maxInterval must not be below the initial interval");
    }
    if (jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
    this.initial = initial;
    this.multiplier = multiplier;
    this.maxInterval = maxInterval;
    this.jitter = jitter;
    this.maxAttempts = maxAttempts;
    this.random = random;
  }

  @Override
  public RetryExecution initExecution() {
    return new Execution();
  }

  /** The delay before retry number {@code attempt} (1-based), before jitter. */
  long baseDelayMillis(int attempt) {
    double delay = initial.toMillis() * Math.pow(multiplier, attempt - 1.0);
    return (long) Math.min(delay, (double) maxInterval.toMillis());
  }

  /** {@code base} spread over ±jitter: {@code base × (1 − jitter + 2 × jitter × random)}. */
  long jittered(long base) {
    double factor = 1.0 - jitter + 2.0 * jitter * random.getAsDouble();
    return Math.max(1L, Math.round(base * factor));
  }

  public Duration initial() {
    return initial;
  }

  public double multiplier() {
    return multiplier;
  }

  public Duration maxInterval() {
    return maxInterval;
  }

  public double jitter() {
    return jitter;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  private final class Execution implements RetryExecution {

    private int lastAttemptIndex;

    @Override
    public Optional<Long> nextDelay() {
      if (maxAttempts >= 0 && lastAttemptIndex >= maxAttempts) {
        return Optional.empty();
      }
      lastAttemptIndex++;
      return Optional.of(jittered(baseDelayMillis(lastAttemptIndex)));
    }

    @Override
    public boolean isLastAttempt() {
      return maxAttempts >= 0 && lastAttemptIndex >= maxAttempts;
    }

    @Override
    public int getAttemptCount() {
      return lastAttemptIndex;
    }
  }
}
