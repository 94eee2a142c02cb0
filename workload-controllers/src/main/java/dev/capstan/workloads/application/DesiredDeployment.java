package dev.capstan.workloads.application;

import dev.capstan.core.apply.Quantities;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationEnvVar;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * Spec in, Deployment out: no client, no clock, so unit tests check it without a cluster. Only the
 * fields Capstan means to own are set; with server-side apply, a field left out (replicas when
 * unset) stays with whoever owns it, e.g. a HorizontalPodAutoscaler.
 */
public final class DesiredDeployment {

  /**
   * Annotation on the pod template holding the configuration's content hash: a config change rolls
   * the pods.
   */
  public static final String CONFIG_HASH = "capstan.dev/config-hash";

  private static final String CONFIG_VOLUME = "config";

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
        .withAnnotations(podAnnotations(app))
        .endMetadata()
        .withNewSpec()
        .withContainers(app.getSpec().getContainers().stream().map(c -> container(app, c)).toList())
        .withVolumes(volumes(app))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> podAnnotations(Application app) {
    ApplicationConfig config = app.getSpec().getConfig();
    return config == null ? Map.of() : Map.of(CONFIG_HASH, DesiredConfigMap.contentHash(config));
  }

  private static List<Volume> volumes(Application app) {
    if (app.getSpec().getConfig() == null) {
      return List.of();
    }
    return List.of(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(DesiredConfigMap.name(app))
            .endConfigMap()
            .build());
  }

  private static Container container(Application app, ApplicationContainer c) {
    // Lists are set only when non-empty: JOSDK's server-side-apply matcher expects absent, not
    // null, lists.
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(c.getName())
            .withImage(c.getImage())
            .withReadinessProbe(Probes.of(c.getReadinessProbe()))
            .withLivenessProbe(Probes.of(c.getLivenessProbe()))
            .withStartupProbe(Probes.of(c.getStartupProbe()));
    if (notEmpty(c.getCommand())) {
      container.withCommand(c.getCommand());
    }
    if (notEmpty(c.getArgs())) {
      container.withArgs(c.getArgs());
    }
    if (notEmpty(c.getPorts())) {
      container.withPorts(c.getPorts().stream().map(DesiredDeployment::port).toList());
    }
    if (notEmpty(c.getEnv())) {
      container.withEnv(c.getEnv().stream().map(DesiredDeployment::env).toList());
    }
    if (c.getResources() != null) {
      container
          .withNewResources()
          .withRequests(Quantities.canonical(c.getResources().getRequests()))
          .withLimits(Quantities.canonical(c.getResources().getLimits()))
          .endResources();
    }
    if (app.getSpec().getConfig() != null) {
      container
          .addNewVolumeMount()
          .withName(CONFIG_VOLUME)
          .withMountPath(app.getSpec().getConfig().getMountPath())
          .withReadOnly(true)
          .endVolumeMount();
    }
    return container.build();
  }

  private static ContainerPort port(ApplicationPort p) {
    return new ContainerPortBuilder()
        .withName(p.getName())
        .withContainerPort(p.getContainerPort())
        .withProtocol(p.getProtocol() == null ? "TCP" : p.getProtocol().name())
        .build();
  }

  private static EnvVar env(ApplicationEnvVar e) {
    EnvVarBuilder env = new EnvVarBuilder().withName(e.getName());
    if (e.getSecretKeyRef() != null) {
      return env.withNewValueFrom()
          .withNewSecretKeyRef()
          .withName(e.getSecretKeyRef().getName())
          .withKey(e.getSecretKeyRef().getKey())
          .endSecretKeyRef()
          .endValueFrom()
          .build();
    }
    return env.withValue(e.getValue()).build();
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
