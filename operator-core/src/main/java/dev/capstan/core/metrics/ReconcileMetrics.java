package dev.capstan.core.metrics;

import dev.capstan.core.scope.ReconcileScope;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * JOSDK {@link Metrics} that adds a reconcile duration histogram to another implementation (in
 * practice JOSDK's {@code MicrometerMetrics}, which QOSDK wires when Micrometer is present).
 *
 * <p>Why it exists: {@code MicrometerMetrics} 5.2.1 counts reconciles ({@code
 * operator.sdk.reconciliations.started|success|failed}) and times them as {@code
 * operator.sdk.controllers.execution.reconcile}, but that timer is tagged per resource (name,
 * namespace), which multiplies histogram series by the number of objects, and carries no result
 * tag. {@value #RECONCILE_DURATION} is one histogram per controller, execution ({@code reconcile}
 * or {@code cleanup}) and result ({@code success} or {@code failure}) with 13 fixed buckets from 5
 * ms to 60 s (controller-runtime's); in Prometheus {@code
 * capstan_reconcile_duration_seconds_bucket}.
 *
 * <p>It times JOSDK's controller execution: the managed workflow (dependents) and the reconciler's
 * own method. The status patch JOSDK sends afterwards is not included. From the start of a
 * reconcile execution to its end (status patch included) the reconcile thread is attributed to the
 * controller (see {@link ReconcileScope#currentController()}), so that {@link ApiRequestMetrics}
 * can label the requests it makes.
 */
public class ReconcileMetrics implements Metrics {

  public static final String RECONCILE_DURATION = "capstan.reconcile.duration";
  public static final String SUCCESS = "success";
  public static final String FAILURE = "failure";

  /** controller-runtime's reconcile_time_seconds buckets, 5 ms to 60 s. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  /**
   * The attribution of a whole reconcile execution, status patch included: JOSDK calls {@link
   * #reconciliationExecutionStarted} and {@link #reconciliationExecutionFinished} on the reconcile
   * thread around it.
   */
  private static final ThreadLocal<ReconcileScope> EXECUTION_SCOPE = new ThreadLocal<>();

  private final Metrics delegate;
  private final MeterRegistry registry;

  public ReconcileMetrics(Metrics delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String result = FAILURE;
    try (ReconcileScope scope = ReconcileScope.forController(execution.controllerName())) {
      T value = delegate.timeControllerExecution(execution);
      result = SUCCESS;
      return value;
    } finally {
      timer(execution.controllerName(), execution.name(), result)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** The histogram of one controller, execution and result. */
  Timer timer(String controller, String execution, String result) {
    return Timer.builder(RECONCILE_DURATION)
        .description("Duration of a controller execution (workflow and reconciler) by result")
        .tag("controller", controller)
        .tag("execution", execution)
        .tag("result", result)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    delegate.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    Object controller = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    if (controller != null) {
      closeExecutionScope();
      EXECUTION_SCOPE.set(ReconcileScope.forController(controller.toString()));
    }
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    try {
      delegate.reconciliationExecutionFinished(resource, metadata);
    } finally {
      closeExecutionScope();
    }
  }

  private static void closeExecutionScope() {
    ReconcileScope scope = EXECUTION_SCOPE.get();
    if (scope != null) {
      EXECUTION_SCOPE.remove();
      scope.close();
    }
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
  }

  @Override
  public <M extends Map<?, ?>> M monitorSizeOf(M map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
