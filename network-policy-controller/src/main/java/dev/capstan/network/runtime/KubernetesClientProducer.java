package dev.capstan.network.runtime;

import dev.capstan.core.metrics.InstrumentedClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The application's Kubernetes client, with API request metrics ({@link InstrumentedClients}). */
@Singleton
public class KubernetesClientProducer {

  @Produces
  @Singleton
  KubernetesClient kubernetesClient(
      KubernetesSerialization serialization, Config config, MeterRegistry registry) {
    return InstrumentedClients.build(serialization, config, registry);
  }

  void close(@Disposes KubernetesClient client) {
    client.close();
  }
}
