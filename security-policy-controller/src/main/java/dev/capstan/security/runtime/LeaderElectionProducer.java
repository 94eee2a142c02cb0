package dev.capstan.security.runtime;

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
 * Leader election for the status reconciler (Lease {@code capstan-security-policy-controller}), as
 * the workload controllers do it (see {@code dev.capstan.workloads.runtime}). The webhooks do not
 * take part: every replica serves them.
 */
@Singleton
public class LeaderElectionProducer {

  static final String APPLICATION = "security-policy-controller";
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
            APPLICATION,
            System.getenv(),
            enabled,
            namespace,
            leaseDuration,
            renewDeadline,
            retryPeriod);
    return LeaderElectionFactory.forProducer(settings, handler);
  }

  void stopping(@Observes @Priority(1) ShutdownEvent event) {
    handler.stopping();
  }
}
