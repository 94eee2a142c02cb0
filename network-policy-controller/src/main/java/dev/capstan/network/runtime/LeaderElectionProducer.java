package dev.capstan.network.runtime;

import dev.capstan.core.identity.ProcessIdentity;
import dev.capstan.core.leader.LeaderElectionFactory;
import dev.capstan.core.leader.LeaderElectionSettings;
import dev.capstan.core.leader.LeadershipHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election for this controller application, one Lease {@code
 * capstan-network-policy-controller}.
 *
 * <p>QOSDK asks for a {@link LeaderElectionConfiguration} bean only in the profiles of {@code
 * quarkus.operator-sdk.activate-leader-election-for-profiles} (default {@code prod}); a {@code
 * null} from this {@code @Dependent} producer means "no leader election". Within {@code prod},
 * {@code capstan.leader-election.enabled} decides: {@code auto} (default) elects when {@code
 * POD_NAMESPACE} is set (a pod), {@code true}/{@code false} force it. See {@link
 * LeaderElectionSettings}.
 */
@Singleton
public class LeaderElectionProducer {

  private final LeadershipHandler handler =
      new LeadershipHandler(ProcessIdentity.current().value(), LeadershipHandler.exitProcess());

  @ConfigProperty(name = "capstan.leader-election.enabled")
  Optional<String> enabled;

  @ConfigProperty(name = "capstan.leader-election.namespace")
  Optional<String> namespace;

  @ConfigProperty(name = "capstan.leader-election.lease-duration")
  Optional<Duration> leaseDuration;

  @ConfigProperty(name = "capstan.leader-election.renew-deadline")
  Optional<Duration> renewDeadline;

  @ConfigProperty(name = "capstan.leader-election.retry-period")
  Optional<Duration> retryPeriod;

  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection() {
    LeaderElectionSettings settings =
        LeaderElectionSettings.resolve(
            Controllers.APPLICATION,
            System.getenv(),
            enabled,
            namespace,
            leaseDuration,
            renewDeadline,
            retryPeriod);
    return LeaderElectionFactory.forProducer(settings, handler);
  }

  /**
   * Runs before QOSDK stops the operator (its observer has the default priority), so that the end
   * of leadership during the stop is recognised as expected rather than as a lost lease.
   */
  void stopping(@Observes @Priority(1) ShutdownEvent event) {
    handler.stopping();
  }
}
