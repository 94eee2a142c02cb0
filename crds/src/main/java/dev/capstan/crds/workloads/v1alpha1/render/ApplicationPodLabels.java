package dev.capstan.crds.workloads.v1alpha1.render;

import dev.capstan.crds.workloads.v1alpha1.Application;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recommended app.kubernetes.io labels on an Application's pods (and every other child the
 * workload controller creates).
 */
public final class ApplicationPodLabels {

  /** Recorded on every child so that the controller's informers watch only its own objects. */
  public static final String MANAGED_BY_VALUE = "capstan-workloads";

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private ApplicationPodLabels() {}

  /** Labels that select the pods of one Application; immutable once a Deployment exists. */
  public static Map<String, String> selector(Application app) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, app.getMetadata().getName());
    labels.put(INSTANCE, app.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> all(Application app) {
    Map<String, String> labels = selector(app);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    return labels;
  }
}
