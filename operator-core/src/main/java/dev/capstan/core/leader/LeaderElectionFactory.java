package dev.capstan.core.leader;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;

/**
 * Builds JOSDK's {@link LeaderElectionConfiguration} from {@link LeaderElectionSettings}, a
 * per-process-start identity and a {@link LeadershipHandler}. JOSDK does the election (fabric8's
 * {@code LeaderElector} on a Lease); this adds the unique identity and the shutdown-safe callbacks
 * ({@code exitOnStopLeading=false}). One Lease covers one JOSDK {@code Operator}, i.e. all
 * reconcilers of a controller application.
 */
public final class LeaderElectionFactory {

  private LeaderElectionFactory() {}

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
