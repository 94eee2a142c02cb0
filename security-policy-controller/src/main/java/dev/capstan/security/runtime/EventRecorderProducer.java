package dev.capstan.security.runtime;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.events.KubernetesEventRecorder;
import dev.capstan.core.identity.ProcessIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Events reported as {@code capstan.dev/security-policy-controller} by this process start. Events
 * about a PodSecurityPolicy (cluster-scoped) land in {@code default}, as client-go puts them.
 */
@Singleton
public class EventRecorderProducer {

  public static final String REPORTING_CONTROLLER = "capstan.dev/security-policy-controller";

  @Produces
  @Singleton
  EventRecorder eventRecorder(KubernetesClient client) {
    return new KubernetesEventRecorder(
        client, REPORTING_CONTROLLER, ProcessIdentity.current().value(), Clock.systemUTC());
  }
}
