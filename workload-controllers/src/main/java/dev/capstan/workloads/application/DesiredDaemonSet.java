package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRollout;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder;

/** Spec in, DaemonSet out: one pod on each node that matches spec.nodeSelector. */
public final class DesiredDaemonSet {

  private DesiredDaemonSet() {}

  public static DaemonSet of(Application app) {
    ApplicationRollout rollout = app.getSpec().getRollout();
    return new DaemonSetBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withNewSpec()
        .withUpdateStrategy(updateStrategy(rollout))
        .withMinReadySeconds(rollout == null ? null : rollout.getMinReadySeconds())
        .withNewSelector()
        .withMatchLabels(ApplicationLabels.selector(app))
        .endSelector()
        .withTemplate(PodTemplates.of(app, null))
        .endSpec()
        .build();
  }

  /**
   * Always explicit (see DesiredDeployment#strategy): defaults are maxSurge 0, maxUnavailable 1.
   */
  private static DaemonSetUpdateStrategy updateStrategy(ApplicationRollout rollout) {
    if (rollout != null && rollout.getStrategy() == ApplicationRollout.Strategy.OnDelete) {
      return new DaemonSetUpdateStrategyBuilder().withType("OnDelete").build();
    }
    IntOrString maxSurge = rollout == null ? null : rollout.getMaxSurge();
    IntOrString maxUnavailable = rollout == null ? null : rollout.getMaxUnavailable();
    return new DaemonSetUpdateStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(maxSurge != null ? maxSurge : new IntOrString(0))
        .withMaxUnavailable(maxUnavailable != null ? maxUnavailable : new IntOrString(1))
        .endRollingUpdate()
        .build();
  }
}
