package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;

/** Spec in, DaemonSet out: one pod on each node that matches spec.nodeSelector. */
public final class DesiredDaemonSet {

  private DesiredDaemonSet() {}

  public static DaemonSet of(Application app) {
    return new DaemonSetBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(ApplicationLabels.selector(app))
        .endSelector()
        .withTemplate(PodTemplates.of(app, null))
        .endSpec()
        .build();
  }
}
