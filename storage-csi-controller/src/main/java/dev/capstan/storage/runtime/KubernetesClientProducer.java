package dev.capstan.storage.runtime;

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
 * The storage controller's Kubernetes client: with API request metrics ({@link
 * InstrumentedClients}), and the JDK HTTP client instead of Vert.x.
 *
 * <p>Why the JDK client: a provisioner runs up to 100 workers at once. fabric8's Vert.x client
 * speaks HTTP/1.1 with a pool of up to 8192 connections and no way to change either, so a burst of
 * claims opened a TLS connection per concurrent request; on a busy node those handshakes passed the
 * 10 s connection timeout and claims fell into backoff. java.net.http negotiates HTTP/2 and
 * multiplexes every request and watch over one connection, as client-go does.
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
