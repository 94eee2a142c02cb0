package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationAutoscaling;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.Optional;

/**
 * Spec in, the HorizontalPodAutoscaler (autoscaling/v2, CPU utilisation) out. While it exists the
 * workload is applied without replicas, so the autoscaler's value is never fought over.
 */
public final class DesiredAutoscaler {

  private DesiredAutoscaler() {}

  public static Optional<HorizontalPodAutoscaler> of(Application app) {
    ApplicationAutoscaling autoscaling = app.getSpec().getAutoscaling();
    if (autoscaling == null) {
      return Optional.empty();
    }
    String kind = app.getSpec().getWorkload().name();
    return Optional.of(
        new HorizontalPodAutoscalerBuilder()
            .withMetadata(WorkloadIdentity.metadata(app))
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind(kind)
            .withName(app.getMetadata().getName())
            .endScaleTargetRef()
            .withMinReplicas(autoscaling.getMinReplicas())
            .withMaxReplicas(autoscaling.getMaxReplicas())
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName("cpu")
            .withNewTarget()
            .withType("Utilization")
            .withAverageUtilization(autoscaling.getTargetCPUUtilizationPercentage())
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec()
            .build());
  }

  /** Replicas to apply on the workload: none while an autoscaler owns them. */
  static Integer replicas(Application app) {
    return app.getSpec().getAutoscaling() != null ? null : app.getSpec().getReplicas();
  }
}
