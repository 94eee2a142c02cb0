package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRollout;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;

/**
 * Spec in, Deployment out: no client, no clock, so unit tests check it without a cluster. Only the
 * fields Capstan means to own are set; with server-side apply, a field left out (replicas when
 * unset) stays with whoever owns it, e.g. a HorizontalPodAutoscaler.
 */
public final class DesiredDeployment {

  /** See {@link PodTemplates#CONFIG_HASH}. */
  public static final String CONFIG_HASH = PodTemplates.CONFIG_HASH;

  private DesiredDeployment() {}

  public static Deployment of(Application app) {
    return of(app, PodTemplates.of(app, null));
  }

  /**
   * The Deployment with a given pod template. Today the template always comes from the spec; this
   * is the seam for automatic rollback, which would pass the last good revision's template here
   * (recorded in status) instead of the spec's failing one, and leave everything else as is.
   */
  public static Deployment of(Application app, PodTemplateSpec template) {
    ApplicationRollout rollout = app.getSpec().getRollout();
    return new DeploymentBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withNewSpec()
        .withReplicas(DesiredAutoscaler.replicas(app))
        .withStrategy(strategy(rollout))
        .withProgressDeadlineSeconds(rollout == null ? null : rollout.getProgressDeadlineSeconds())
        .withMinReadySeconds(rollout == null ? null : rollout.getMinReadySeconds())
        .withNewSelector()
        .withMatchLabels(ApplicationLabels.selector(app))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * Always explicit, Kubernetes' defaults (rolling, 25 %/25 %) included: a field the apiserver
   * defaulted has no owner, so a later switch to Recreate could not remove rollingUpdate and the
   * apply would be refused ("may not be specified when strategy type is Recreate"). Owning it from
   * the start lets server-side apply drop it.
   */
  private static DeploymentStrategy strategy(ApplicationRollout rollout) {
    if (rollout != null && rollout.getStrategy() == ApplicationRollout.Strategy.Recreate) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    IntOrString maxSurge = rollout == null ? null : rollout.getMaxSurge();
    IntOrString maxUnavailable = rollout == null ? null : rollout.getMaxUnavailable();
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(maxSurge != null ? maxSurge : new IntOrString("25%"))
        .withMaxUnavailable(maxUnavailable != null ? maxUnavailable : new IntOrString("25%"))
        .endRollingUpdate()
        .build();
  }
}
