package dev.capstan.core.scope;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * What a thread knows about the reconcile it works for: the primary resource, in the SLF4J MDC
 * under JOSDK's own keys, and the controller's name, for metrics that attribute work (such as API
 * requests) to a controller.
 *
 * <p>JOSDK 5.2.1 sets the MDC (see {@link #NAMESPACE}, {@link #NAME}, …) and names the thread
 * {@code ReconcilerExecutor-<controller>-<id>} only on the reconcile thread. Dependents of a
 * managed workflow run on JOSDK's workflow executor, whose threads carry neither, and QOSDK offers
 * no hook to replace that executor. A dependent therefore wraps its own work in {@link
 * #open(HasMetadata, Context)}. Inside the scope the MDC names this primary, whatever a pooled
 * thread carried before (context propagation can leave another primary's values behind); closing
 * the scope restores what was there.
 */
public final class ReconcileScope implements AutoCloseable {

  /** MDC key JOSDK uses for the primary's name. */
  public static final String NAME = "resource.name";

  /**
   * MDC key JOSDK uses for the primary's namespace ({@code "no namespace"} when cluster scoped).
   */
  public static final String NAMESPACE = "resource.namespace";

  /** MDC key JOSDK uses for the primary's kind. */
  public static final String KIND = "resource.kind";

  /** MDC key JOSDK uses for the primary's apiVersion. */
  public static final String API_VERSION = "resource.apiVersion";

  /** MDC key JOSDK uses for the primary's generation. */
  public static final String GENERATION = "resource.generation";

  /** MDC key JOSDK uses for the primary's uid. */
  public static final String UID = "resource.uid";

  /** MDC key JOSDK uses for the primary's resourceVersion. */
  public static final String RESOURCE_VERSION = "resource.resourceVersion";

  private static final ThreadLocal<String> CONTROLLER = new ThreadLocal<>();

  private final Map<String, String> previousMdc;
  private final String previousController;

  private ReconcileScope(Map<String, String> mdc, String controller) {
    previousMdc = new LinkedHashMap<>();
    mdc.forEach(
        (key, value) -> {
          previousMdc.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
    previousController = CONTROLLER.get();
    if (previousController == null && controller != null) {
      CONTROLLER.set(controller);
    }
  }

  /** Opens a scope for work on {@code primary} done for the controller of {@code context}. */
  public static ReconcileScope open(HasMetadata primary, Context<?> context) {
    String controller =
        context == null || context.getControllerConfiguration() == null
            ? null
            : context.getControllerConfiguration().getName();
    return open(primary, controller);
  }

  /** Opens a scope for work on {@code primary} done for {@code controller}. */
  public static ReconcileScope open(HasMetadata primary, String controller) {
    return new ReconcileScope(mdcOf(primary), controller);
  }

  /** Opens a scope that only attributes work to {@code controller}, e.g. around a reconcile. */
  public static ReconcileScope forController(String controller) {
    return new ReconcileScope(Map.of(), controller);
  }

  /** The controller the current thread works for, if it is inside a scope. */
  public static Optional<String> currentController() {
    return Optional.ofNullable(CONTROLLER.get());
  }

  /** The MDC entries JOSDK sets for a primary resource. */
  static Map<String, String> mdcOf(HasMetadata primary) {
    Map<String, String> mdc = new LinkedHashMap<>();
    if (primary == null) {
      return mdc;
    }
    ObjectMeta metadata = primary.getMetadata();
    mdc.put(API_VERSION, primary.getApiVersion());
    mdc.put(KIND, primary.getKind());
    if (metadata != null) {
      mdc.put(NAME, metadata.getName());
      mdc.put(NAMESPACE, metadata.getNamespace());
      mdc.put(GENERATION, metadata.getGeneration() == null ? null : metadata.getGeneration() + "");
      mdc.put(UID, metadata.getUid());
      mdc.put(RESOURCE_VERSION, metadata.getResourceVersion());
    }
    return mdc;
  }

  /** Restores what the thread carried before the scope was opened. */
  @Override
  public void close() {
    previousMdc.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
    if (previousController == null) {
      CONTROLLER.remove();
    }
  }
}
