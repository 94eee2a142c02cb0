package dev.capstan.storage.runtime;

import dev.capstan.core.events.AsyncEventRecorder;
import dev.capstan.core.events.KubernetesEventRecorder;
import dev.capstan.core.identity.ProcessIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Events reported as {@code capstan.dev/storage-csi-controller}, sent in the background: a
 * provisioning worker reports two per claim and should not wait for them (upstream's sidecars
 * behave the same through client-go's broadcaster).
 */
@Singleton
public class EventRecorderProducer {

  @Produces
  @Singleton
  AsyncEventRecorder eventRecorder(KubernetesClient client) {
    return new AsyncEventRecorder(
        new KubernetesEventRecorder(
            client,
            "capstan.dev/storage-csi-controller",
            ProcessIdentity.current().value(),
            Clock.systemUTC()),
        AsyncEventRecorder.DEFAULT_QUEUE);
  }

  void close(@Disposes AsyncEventRecorder recorder) {
    recorder.close();
  }
}
