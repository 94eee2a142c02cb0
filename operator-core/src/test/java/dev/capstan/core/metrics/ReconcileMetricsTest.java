package dev.capstan.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.core.scope.ReconcileScope;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> delegated = new ArrayList<>();
  private final Metrics delegate =
      new Metrics() {
        @Override
        public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
          delegated.add(execution.name());
          return execution.execute();
        }
      };
  private final ReconcileMetrics metrics = new ReconcileMetrics(delegate, registry);

  @Test
  void recordsOneHistogramPerControllerExecutionAndResult() throws Exception {
    List<Optional<String>> seenController = new ArrayList<>();
    metrics.timeControllerExecution(
        execution(
            "application",
            () -> {
              seenController.add(ReconcileScope.currentController());
              return "ok";
            }));
    metrics.timeControllerExecution(execution("application", () -> "ok"));
    assertThatThrownBy(
            () ->
                metrics.timeControllerExecution(
                    execution(
                        "application",
                        () -> {
                          throw new IllegalStateException("boom");
                        })))
        .hasMessage("boom");

    Timer success = timer("application", ReconcileMetrics.SUCCESS);
    Timer failure = timer("application", ReconcileMetrics.FAILURE);
    assertThat(success.count()).isEqualTo(2);
    assertThat(failure.count()).isEqualTo(1);
    assertThat(success.takeSnapshot().histogramCounts()).hasSize(ReconcileMetrics.BUCKETS.length);
    assertThat(delegated).containsExactly("reconcile", "reconcile", "reconcile");
    assertThat(seenController).containsExactly(Optional.of("application"));
    assertThat(ReconcileScope.currentController()).isEmpty();
  }

  @Test
  void aWholeExecutionIsAttributedToItsController() {
    Map<String, Object> metadata = Map.of(Constants.CONTROLLER_NAME, "application");

    metrics.reconciliationExecutionStarted(null, metadata);
    Optional<String> during = ReconcileScope.currentController();
    metrics.reconciliationExecutionFinished(null, metadata);

    assertThat(during).contains("application");
    assertThat(ReconcileScope.currentController()).isEmpty();
  }

  private Timer timer(String controller, String result) {
    return registry
        .get(ReconcileMetrics.RECONCILE_DURATION)
        .tag("controller", controller)
        .tag("execution", "reconcile")
        .tag("result", result)
        .timer();
  }

  private static ControllerExecution<String> execution(String controller, Body body) {
    return new ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return controller;
      }

      @Override
      public String successTypeName(String result) {
        return "resource";
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("x", "ns");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of();
      }

      @Override
      public String execute() throws Exception {
        return body.run();
      }
    };
  }

  private interface Body {
    String run() throws Exception;
  }
}
