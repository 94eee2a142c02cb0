package dev.capstan.network.runtime;

import dev.capstan.core.metrics.ReconcileMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's metrics as QOSDK would wire them ({@code MicrometerMetrics}, per resource, counters
 * {@code operator.sdk.reconciliations.*}), wrapped in {@link ReconcileMetrics} for the reconcile
 * histogram. Replaces QOSDK's default {@code Metrics} bean.
 */
@Singleton
public class MetricsProducer {

  @Produces
  @Singleton
  Metrics metrics(MeterRegistry registry) {
    return new ReconcileMetrics(
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build(),
        registry);
  }
}
