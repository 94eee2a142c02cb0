package dev.capstan.workloads.runtime;

import dev.capstan.core.metrics.InstrumentedClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's Kubernetes client, with API request metrics ({@link InstrumentedClients}), on
 * the JDK HTTP client: HTTP/2 multiplexes the reconcilers' concurrent server-side applies over one
 * connection instead of a TLS handshake per concurrent request with fabric8's Vert.x client (the
 * Application benchmark: 34 % → 47 % of the direct-apply ceiling at N = 200, same run conditions).
 */
@Singleton
public class KubernetesClientProducer {

  @Produces
  @Singleton
  KubernetesClient kubernetesClient(
      KubernetesSerialization serialization, Config config, MeterRegistry registry) {
    return InstrumentedClients.build(serialization, config, registry, new JdkHttpClientFactory());
  }

  void close(@Disposes KubernetesClient client) {
    client.close();
  }
}
