package dev.capstan.storage.runtime;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.events.KubernetesEventRecorder;
import dev.capstan.core.identity.ProcessIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Events reported as {@code capstan.dev/storage-csi-controller}. */
@Singleton
public class EventRecorderProducer {

  @Produces
  @Singleton
  EventRecorder eventRecorder(KubernetesClient client) {
    return new KubernetesEventRecorder(
        client,
        "capstan.dev/storage-csi-controller",
        ProcessIdentity.current().value(),
        Clock.systemUTC());
  }
}
