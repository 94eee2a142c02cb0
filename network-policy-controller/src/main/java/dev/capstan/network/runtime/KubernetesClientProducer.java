package dev.capstan.network.runtime;

import dev.capstan.core.metrics.ApiRequestMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's Kubernetes client: what quarkus-kubernetes-client builds (same {@link Config}
 * and serialization), plus the {@link ApiRequestMetrics} interceptor. Quarkus offers customizers
 * for the Config and the ObjectMapper but none for the HTTP client, where interceptors live, so
 * this replaces its default client bean.
 */
@Singleton
public class KubernetesClientProducer {

  @Produces
  @Singleton
  KubernetesClient kubernetesClient(
      KubernetesSerialization serialization, Config config, MeterRegistry registry) {
    ApiRequestMetrics metrics = new ApiRequestMetrics(registry);
    return new KubernetesClientBuilder()
        .withKubernetesSerialization(serialization)
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            builder -> builder.addOrReplaceInterceptor(ApiRequestMetrics.NAME, metrics))
        .build();
  }

  void close(@Disposes KubernetesClient client) {
    client.close();
  }
}
