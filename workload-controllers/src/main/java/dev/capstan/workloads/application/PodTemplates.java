package dev.capstan.workloads.application;

import dev.capstan.core.apply.Quantities;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationEnvVar;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolumeClaim;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spec in, the pod template every workload kind shares out. Only fields Capstan means to own are
 * set; lists only when non-empty, because JOSDK's server-side-apply matcher expects absent, not
 * null, lists.
 */
final class PodTemplates {

  /**
   * Annotation on the pod template holding the configuration's content hash: a config change rolls
   * the pods.
   */
  static final String CONFIG_HASH = "capstan.dev/config-hash";

  static final String CONFIG_VOLUME = "config";

  private PodTemplates() {}

  /**
   * @param restartPolicy the pod's restart policy, or null for Kubernetes' default (Always), which
   *     is the only one Deployments, StatefulSets and DaemonSets accept
   */
  static PodTemplateSpec of(Application app, String restartPolicy) {
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withContainers(
                app.getSpec().getContainers().stream().map(c -> container(app, c)).toList())
            .withRestartPolicy(restartPolicy);
    List<Volume> volumes = volumes(app);
    if (!volumes.isEmpty()) {
      pod.withVolumes(volumes);
    }
    Map<String, String> nodeSelector = app.getSpec().getNodeSelector();
    if (nodeSelector != null && !nodeSelector.isEmpty()) {
      pod.withNodeSelector(new TreeMap<>(nodeSelector));
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(ApplicationLabels.all(app))
        .withAnnotations(podAnnotations(app))
        .endMetadata()
        .withSpec(pod.build())
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
      container.withPorts(c.getPorts().stream().map(PodTemplates::port).toList());
    }
    if (notEmpty(c.getEnv())) {
      container.withEnv(c.getEnv().stream().map(PodTemplates::env).toList());
    }
    if (c.getResources() != null) {
      container
          .withNewResources()
          .withRequests(Quantities.canonical(c.getResources().getRequests()))
          .withLimits(Quantities.canonical(c.getResources().getLimits()))
          .endResources();
    }
    List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
    if (app.getSpec().getConfig() != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(CONFIG_VOLUME)
              .withMountPath(app.getSpec().getConfig().getMountPath())
              .withReadOnly(true)
              .build());
    }
    for (ApplicationVolumeClaim claim : DesiredStatefulSet.claimTemplates(app)) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(claim.getName())
              .withMountPath(claim.getMountPath())
              .build());
    }
    if (!mounts.isEmpty()) {
      container.withVolumeMounts(mounts);
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

  static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
