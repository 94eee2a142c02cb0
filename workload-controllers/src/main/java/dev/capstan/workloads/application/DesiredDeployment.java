package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

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
    return new DeploymentBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withNewSpec()
        .withReplicas(DesiredAutoscaler.replicas(app))
        .withNewSelector()
        .withMatchLabels(ApplicationLabels.selector(app))
        .endSelector()
        .withTemplate(PodTemplates.of(app, null))
        .endSpec()
        .build();
  }
}
