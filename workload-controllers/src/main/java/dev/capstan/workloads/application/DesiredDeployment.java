package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;

/**
 * Spec in, Deployment out: no client, no clock, so unit tests check it without a cluster. Only the
 * fields Capstan means to own are set; with server-side apply, a field left out (replicas when
 * unset) stays with whoever owns it, e.g. a HorizontalPodAutoscaler.
 */
public final class DesiredDeployment {

  private DesiredDeployment() {}

  public static Deployment of(Application app) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(ApplicationLabels.all(app))
        .endMetadata()
        .withNewSpec()
        .withReplicas(app.getSpec().getReplicas())
        .withNewSelector()
        .withMatchLabels(ApplicationLabels.selector(app))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ApplicationLabels.all(app))
        .endMetadata()
        .withNewSpec()
        .withContainers(
            app.getSpec().getContainers().stream().map(DesiredDeployment::container).toList())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(ApplicationContainer c) {
    return new ContainerBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withCommand(emptyToNull(c.getCommand()))
        .withArgs(emptyToNull(c.getArgs()))
        .withPorts(
            c.getPorts() == null
                ? null
                : c.getPorts().stream().map(DesiredDeployment::port).toList())
        .build();
  }

  private static ContainerPort port(ApplicationPort p) {
    return new ContainerPortBuilder()
        .withName(p.getName())
        .withContainerPort(p.getContainerPort())
        .withProtocol(p.getProtocol() == null ? "TCP" : p.getProtocol().name())
        .build();
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
