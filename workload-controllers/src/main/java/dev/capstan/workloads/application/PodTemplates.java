package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;

/**
 * The pod template every workload kind shares: rendered in the API module ({@link
 * ApplicationPodTemplate}) so that the security webhook checks exactly the pods this controller
 * will create. This delegate keeps the controller's callers short.
 */
final class PodTemplates {

  /** See {@link ApplicationPodTemplate#CONFIG_HASH}. */
  static final String CONFIG_HASH = ApplicationPodTemplate.CONFIG_HASH;

  private PodTemplates() {}

  /**
   * @param restartPolicy the pod's restart policy, or null for Kubernetes' default (Always), which
   *     is the only one Deployments, StatefulSets and DaemonSets accept
   */
  static PodTemplateSpec of(Application app, String restartPolicy) {
    return ApplicationPodTemplate.of(app, restartPolicy);
  }

  static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }

  static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
