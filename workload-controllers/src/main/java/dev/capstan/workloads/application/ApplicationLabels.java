package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodLabels;
import java.util.Map;

/**
 * The recommended app.kubernetes.io labels every child of an Application carries; defined with the
 * pod template in the API module ({@link ApplicationPodLabels}).
 */
final class ApplicationLabels {

  static final String MANAGED_BY_VALUE = ApplicationPodLabels.MANAGED_BY_VALUE;

  static final String NAME = ApplicationPodLabels.NAME;
  static final String INSTANCE = ApplicationPodLabels.INSTANCE;
  static final String MANAGED_BY = ApplicationPodLabels.MANAGED_BY;

  /** Selector for the controller's informers: only children of Applications. */
  static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private ApplicationLabels() {}

  /** Labels that select the pods of one Application; immutable once a Deployment exists. */
  static Map<String, String> selector(Application app) {
    return ApplicationPodLabels.selector(app);
  }

  static Map<String, String> all(Application app) {
    return ApplicationPodLabels.all(app);
  }
}
