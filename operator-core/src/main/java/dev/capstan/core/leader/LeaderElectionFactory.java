package dev.capstan.core.leader;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds JOSDK's {@link LeaderElectionConfiguration} from {@link LeaderElectionSettings}, a
 * per-process-start identity and a {@link LeadershipHandler}. JOSDK does the election (fabric8's
 * {@code LeaderElector} on a Lease); this adds the unique identity and the shutdown-safe callbacks
 * ({@code exitOnStopLeading=false}). One Lease covers one JOSDK {@code Operator}, i.e. all
 * reconcilers of a controller application.
 */
public final class LeaderElectionFactory {

  private static final Logger LOGGER = LoggerFactory.getLogger(LeaderElectionFactory.class);

  private LeaderElectionFactory() {}

  /**
   * For a QOSDK {@code @Dependent} producer, where {@code null} means "no leader election": the
   * configuration or {@code null}, with one log line saying which and why, so every controller
   * application reports it alike.
   */
  public static LeaderElectionConfiguration forProducer(
      LeaderElectionSettings settings, LeadershipHandler handler) {
    if (!settings.enabled()) {
      LOGGER.info(
          "Leader election off: not in a pod ({} unset); set capstan.leader-election.enabled=true"
              + " to elect anyway",
          LeaderElectionSettings.POD_NAMESPACE);
      return null;
    }
    LOGGER.info(
        "Leader election on: lease {}/{}, identity {}, lease duration {}",
        settings.leaseNamespace(),
        settings.leaseName(),
        handler.identity(),
        settings.leaseDuration());
    return configuration(settings, handler).orElseThrow();
  }

  /** The configuration, or empty when the settings disable leader election. */
  public static Optional<LeaderElectionConfiguration> configuration(
      LeaderElectionSettings settings, LeadershipHandler handler) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new LeaderElectionConfiguration(
            settings.leaseName(),
            settings.leaseNamespace(),
            settings.leaseDuration(),
            settings.renewDeadline(),
            settings.retryPeriod(),
            handler.identity(),
            handler.callbacks(),
            false));
  }
}
