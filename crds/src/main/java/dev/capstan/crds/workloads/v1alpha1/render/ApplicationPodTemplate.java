package dev.capstan.crds.workloads.v1alpha1.render;

import dev.capstan.crds.common.Quantities;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationEnvVar;
import dev.capstan.crds.workloads.v1alpha1.ApplicationJob;
import dev.capstan.crds.workloads.v1alpha1.ApplicationPort;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec.SecurityProfile;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatefulSet;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolume;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolumeClaim;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolumeMount;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
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
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod an Application describes: spec in, the pod template every workload kind shares out. The
 * workload controller puts it into the Deployment, StatefulSet, DaemonSet, Job or CronJob it
 * creates; the security webhook checks it at {@code kubectl apply} time. Both use this one pure
 * function, so what is checked is exactly what will run.
 *
 * <p>Only fields Capstan means to own are set; lists only when non-empty, because JOSDK's
 * server-side-apply matcher expects absent, not null, lists.
 */
public final class ApplicationPodTemplate {

  /**
   * Annotation on the pod template holding the configuration's content hash: a config change rolls
   * the pods.
   */
  public static final String CONFIG_HASH = "capstan.dev/config-hash";

  public static final String CONFIG_VOLUME = "config";

  private ApplicationPodTemplate() {}

  /**
   * The pod template of the workload kind the Application asks for (see {@link #restartPolicy}).
   */
  public static PodTemplateSpec of(Application app) {
    return of(app, restartPolicy(app));
  }

  /**
   * The restart policy the workload controller gives the pods: the Job's ({@code spec.job}, by
   * default OnFailure) for a Job or CronJob, else null (Kubernetes' default, Always).
   */
  public static String restartPolicy(Application app) {
    WorkloadKind kind = app.getSpec().getWorkload();
    if (kind != WorkloadKind.Job && kind != WorkloadKind.CronJob) {
      return null;
    }
    ApplicationJob job =
        app.getSpec().getJob() == null ? new ApplicationJob() : app.getSpec().getJob();
    return job.getRestartPolicy().name();
  }

  /**
   * @param restartPolicy the pod's restart policy, or null for Kubernetes' default (Always), which
   *     is the only one Deployments, StatefulSets and DaemonSets accept
   */
  public static PodTemplateSpec of(Application app, String restartPolicy) {
    ApplicationSpec spec = app.getSpec();
    SecurityProfile profile = spec.getSecurityProfile();
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withContainers(
                spec.getContainers().stream().map(c -> container(app, c, true, null)).toList())
            .withRestartPolicy(restartPolicy)
            .withServiceAccountName(spec.getServiceAccountName())
            .withRuntimeClassName(spec.getRuntimeClassName())
            .withSecurityContext(SecurityProfiles.pod(profile));
    // Sidecars first: init containers start in order, so the ones after them can use them.
    List<Container> initContainers = new ArrayList<>();
    for (ApplicationContainer sidecar : listOf(spec.getSidecars())) {
      initContainers.add(container(app, sidecar, false, "Always"));
    }
    for (ApplicationContainer init : listOf(spec.getInitContainers())) {
      initContainers.add(container(app, init, false, null));
    }
    if (!initContainers.isEmpty()) {
      pod.withInitContainers(initContainers);
    }
    List<Volume> volumes = volumes(app);
    if (!volumes.isEmpty()) {
      pod.withVolumes(volumes);
    }
    Map<String, String> nodeSelector = spec.getNodeSelector();
    if (nodeSelector != null && !nodeSelector.isEmpty()) {
      pod.withNodeSelector(new TreeMap<>(nodeSelector));
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(ApplicationPodLabels.all(app))
        .withAnnotations(podAnnotations(app))
        .endMetadata()
        .withSpec(pod.build())
        .build();
  }

  private static Map<String, String> podAnnotations(Application app) {
    ApplicationConfig config = app.getSpec().getConfig();
    return config == null ? Map.of() : Map.of(CONFIG_HASH, configHash(config));
  }

  /** The ConfigMap holding {@code spec.config}, mounted as the {@value #CONFIG_VOLUME} volume. */
  public static String configMapName(Application app) {
    return app.getMetadata().getName() + "-config";
  }

  /** The shared claim of a volume with {@code claim}. */
  public static String claimName(Application app, ApplicationVolume volume) {
    return app.getMetadata().getName() + "-" + volume.getName();
  }

  /** The per-replica claims (StatefulSet only), mounted into every main container. */
  public static List<ApplicationVolumeClaim> claimTemplates(Application app) {
    ApplicationStatefulSet settings = app.getSpec().getStatefulSet();
    if (settings == null || settings.getVolumeClaimTemplates() == null) {
      return List.of();
    }
    return settings.getVolumeClaimTemplates();
  }

  /**
   * A short, stable digest of the configuration's content. Put on the pod template, it makes a
   * change of configuration roll the pods, which a ConfigMap mounted as a volume alone would not.
   */
  public static String configHash(ApplicationConfig config) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> entry : new TreeMap<>(config.getData()).entrySet()) {
        digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(entry.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static List<Volume> volumes(Application app) {
    List<Volume> volumes = new ArrayList<>();
    if (app.getSpec().getConfig() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(CONFIG_VOLUME)
              .withNewConfigMap()
              .withName(configMapName(app))
              .endConfigMap()
              .build());
    }
    for (ApplicationVolume volume : listOf(app.getSpec().getVolumes())) {
      volumes.add(volume(app, volume));
    }
    return volumes;
  }

  private static Volume volume(Application app, ApplicationVolume volume) {
    VolumeBuilder result = new VolumeBuilder().withName(volume.getName());
    if (volume.getEmptyDir() != null) {
      var emptyDir = volume.getEmptyDir();
      return result
          .withNewEmptyDir()
          .withMedium(emptyDir.getMedium() == null ? null : emptyDir.getMedium().name())
          .withSizeLimit(Quantities.canonical(emptyDir.getSizeLimit()))
          .endEmptyDir()
          .build();
    }
    if (volume.getClaim() != null) {
      return result
          .withNewPersistentVolumeClaim()
          .withClaimName(claimName(app, volume))
          .endPersistentVolumeClaim()
          .build();
    }
    List<VolumeProjection> sources =
        volume.getProjected().getSources().stream()
            .map(ApplicationPodTemplate::projection)
            .toList();
    return result.withNewProjected().withSources(sources).endProjected().build();
  }

  private static VolumeProjection projection(ApplicationVolume.Source source) {
    if (source.getConfigMap() != null) {
      return new VolumeProjectionBuilder()
          .withNewConfigMap()
          .withName(source.getConfigMap())
          .withOptional(source.getOptional())
          .endConfigMap()
          .build();
    }
    return new VolumeProjectionBuilder()
        .withNewSecret()
        .withName(source.getSecret())
        .withOptional(source.getOptional())
        .endSecret()
        .build();
  }

  /**
   * @param main a container of spec.containers: it also mounts the config and the claim templates
   * @param restartPolicy Always for a sidecar, else null
   */
  private static Container container(
      Application app, ApplicationContainer c, boolean main, String restartPolicy) {
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(c.getName())
            .withImage(c.getImage())
            .withRestartPolicy(restartPolicy)
            .withReadinessProbe(ApplicationProbes.of(c.getReadinessProbe()))
            .withLivenessProbe(ApplicationProbes.of(c.getLivenessProbe()))
            .withStartupProbe(ApplicationProbes.of(c.getStartupProbe()))
            .withSecurityContext(SecurityProfiles.container(app.getSpec().getSecurityProfile()));
    if (notEmpty(c.getCommand())) {
      container.withCommand(c.getCommand());
    }
    if (notEmpty(c.getArgs())) {
      container.withArgs(c.getArgs());
    }
    if (notEmpty(c.getPorts())) {
      container.withPorts(c.getPorts().stream().map(ApplicationPodTemplate::port).toList());
    }
    if (notEmpty(c.getEnv())) {
      container.withEnv(c.getEnv().stream().map(ApplicationPodTemplate::env).toList());
    }
    if (c.getResources() != null) {
      container
          .withNewResources()
          .withRequests(Quantities.canonical(c.getResources().getRequests()))
          .withLimits(Quantities.canonical(c.getResources().getLimits()))
          .endResources();
    }
    List<VolumeMount> mounts = new ArrayList<>();
    if (main && app.getSpec().getConfig() != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(CONFIG_VOLUME)
              .withMountPath(app.getSpec().getConfig().getMountPath())
              .withReadOnly(true)
              .build());
    }
    if (main) {
      for (ApplicationVolumeClaim claim : claimTemplates(app)) {
        mounts.add(
            new VolumeMountBuilder()
                .withName(claim.getName())
                .withMountPath(claim.getMountPath())
                .build());
      }
    }
    for (ApplicationVolumeMount mount : listOf(c.getVolumeMounts())) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(mount.getName())
              .withMountPath(mount.getMountPath())
              .withSubPath(mount.getSubPath())
              .withReadOnly(mount.getReadOnly())
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

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
