package dev.capstan.core.metrics;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds a controller's Kubernetes client: the {@link Config} and serialization Quarkus made, plus
 * the {@link ApiRequestMetrics} interceptor. Quarkus offers customizers for the Config and the
 * ObjectMapper but none for the HTTP client, where interceptors live, so each controller produces
 * its client bean with this (replacing quarkus-kubernetes-client's default bean).
 */
public final class InstrumentedClients {

  private InstrumentedClients() {}

  /** With fabric8's default HTTP client implementation (Vert.x under Quarkus). */
  public static KubernetesClient build(
      KubernetesSerialization serialization, Config config, MeterRegistry registry) {
    return build(serialization, config, registry, null);
  }

  /** With {@code httpClientFactory} (null: fabric8's default). */
  public static KubernetesClient build(
      KubernetesSerialization serialization,
      Config config,
      MeterRegistry registry,
      HttpClient.Factory httpClientFactory) {
    ApiRequestMetrics metrics = new ApiRequestMetrics(registry);
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withKubernetesSerialization(serialization)
            .withConfig(config)
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor(ApiRequestMetrics.NAME, metrics));
    if (httpClientFactory != null) {
      builder.withHttpClientFactory(httpClientFactory);
    }
    return builder.build();
  }
}
