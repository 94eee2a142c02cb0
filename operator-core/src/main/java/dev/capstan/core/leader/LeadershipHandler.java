package dev.capstan.core.leader;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when this process stops leading, so that JOSDK does not have to.
 *
 * <p>Why it exists: with {@code exitOnStopLeading} (JOSDK's default) {@code LeaderElectionManager}
 * calls {@code System.exit(1)} from the leader-election callback. When the operator is being
 * stopped from a JVM shutdown hook (SIGTERM, which is how Quarkus stops), that callback runs inside
 * {@code Operator.stop()} on the hook's thread, and {@code System.exit} blocks forever waiting for
 * the shutdown it is part of: the pod hangs until SIGKILL
 * (operator-framework/java-operator-sdk#1614, #2496). So the configuration {@link
 * LeaderElectionFactory} builds sets {@code exitOnStopLeading=false} and installs these callbacks:
 *
 * <ul>
 *   <li>leadership ends because the process is stopping ({@link #stopping()} was called, or the JVM
 *       is shutting down): nothing to do, the stop is already under way;
 *   <li>leadership is lost while running (renewal failed, lease taken): the process must not keep
 *       reconciling next to the new leader, so {@code onLost} runs — by default {@code
 *       System.exit(1)} on a thread of its own, which lets the elector's callback (and its lock)
 *       return before the shutdown hooks stop the operator.
 * </ul>
 */
public final class LeadershipHandler {

  private static final Logger LOGGER = LoggerFactory.getLogger(LeadershipHandler.class);

  private final String identity;
  private final Runnable onLost;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * @param onLost what to do when leadership is lost while not stopping; see {@link #exitProcess()}
   */
  public LeadershipHandler(String identity, Runnable onLost) {
    this.identity = identity;
    this.onLost = onLost;
  }

  /** Exits the JVM with status 1 from a new thread, never from the caller's. */
  public static Runnable exitProcess() {
    return () -> {
      Thread exit = new Thread(() -> System.exit(1), "capstan-leadership-lost-exit");
      exit.setDaemon(false);
      exit.start();
    };
  }

  /** The callbacks to give the leader elector. */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader);
  }

  /** Marks an intentional stop: losing the lease from now on is expected. */
  public void stopping() {
    stopping.set(true);
  }

  public boolean isLeader() {
    return leading.get();
  }

  public String identity() {
    return identity;
  }

  void startedLeading() {
    leading.set(true);
    LOGGER.info("{} is now the leader; starting event processing", identity);
  }

  void stoppedLeading() {
    boolean wasLeading = leading.getAndSet(false);
    if (stopping.get() || jvmShuttingDown()) {
      LOGGER.info("{} stops leading because the operator is stopping", identity);
      return;
    }
    LOGGER.error(
        "{} lost leadership (was leading: {}); stopping so that only the new leader reconciles",
        identity,
        wasLeading);
    onLost.run();
  }

  void newLeader(String leader) {
    LOGGER.info("leader is now {}", leader == null || leader.isEmpty() ? "(none)" : leader);
  }

  /** Whether the JVM has begun its shutdown sequence (shutdown hooks running). */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
