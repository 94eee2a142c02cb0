package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import java.util.LinkedHashMap;
import java.util.Map;

/** The recommended app.kubernetes.io labels every child of an Application carries. */
final class ApplicationLabels {

  /** Recorded on every child so that the controller's informers watch only its own objects. */
  static final String MANAGED_BY_VALUE = "capstan-workloads";

  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Selector for the controller's informers: only children of Applications. */
  static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private ApplicationLabels() {}

  /** Labels that select the pods of one Application; immutable once a Deployment exists. */
  static Map<String, String> selector(Application app) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, app.getMetadata().getName());
    labels.put(INSTANCE, app.getMetadata().getName());
    return labels;
  }

  static Map<String, String> all(Application app) {
    Map<String, String> labels = selector(app);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    return labels;
  }
}
