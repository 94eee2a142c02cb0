package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The HorizontalPodAutoscaler; present only while the Application asks for one (see {@link
 * ChildPreconditions}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ApplicationLabels.MANAGED_SELECTOR,
            onUpdateFilter = StatusOnlyUpdates.OfAutoscaler.class))
public class AutoscalerDependent extends ApplicationDependent<HorizontalPodAutoscaler> {

  public AutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected HorizontalPodAutoscaler render(Application app, Context<Application> context) {
    // When dropped from the spec, asked only to find the object to delete (pruning).
    return DesiredAutoscaler.of(app)
        .orElseGet(
            () ->
                WorkloadIdentity.only(
                    HorizontalPodAutoscaler::new, app, app.getMetadata().getName()));
  }
}
