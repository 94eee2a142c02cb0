package dev.capstan.workloads.application;

import dev.capstan.crds.common.Quantities;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRollout;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatefulSet;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolumeClaim;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import java.util.List;
import java.util.Map;

/**
 * Spec in, StatefulSet out. Its pods get stable names through the headless Service ({@link
 * DesiredHeadlessService}) and a claim per replica from each volume claim template.
 *
 * <p>serviceName, podManagementPolicy and volumeClaimTemplates cannot change in place; {@link
 * ApplicationDependent} recreates the StatefulSet around its pods and claims when they change (see
 * operator-core's {@code ImmutableChanges}).
 */
public final class DesiredStatefulSet {

  private DesiredStatefulSet() {}

  public static StatefulSet of(Application app) {
    return of(app, PodTemplates.of(app, null));
  }

  /**
   * The StatefulSet with a given pod template: the spec's, or the last good revision's while a
   * failed revision is rolled back (see {@link Rollback}); everything else follows the spec.
   */
  public static StatefulSet of(Application app, PodTemplateSpec template) {
    ApplicationStatefulSet settings = settings(app);
    StatefulSetSpecBuilder spec =
        new StatefulSetSpecBuilder()
            .withReplicas(DesiredAutoscaler.replicas(app))
            .withServiceName(DesiredHeadlessService.name(app))
            .withPodManagementPolicy(settings.getPodManagementPolicy().name())
            .withNewSelector()
            .withMatchLabels(ApplicationLabels.selector(app))
            .endSelector()
            .withTemplate(template);
    ApplicationRollout rollout = app.getSpec().getRollout();
    // Always explicit (see DesiredDeployment#strategy): OnDelete forbids a defaulted rollingUpdate.
    if (rollout != null && rollout.getStrategy() == ApplicationRollout.Strategy.OnDelete) {
      spec.withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy();
    } else {
      spec.withNewUpdateStrategy()
          .withType("RollingUpdate")
          .withNewRollingUpdate()
          .withPartition(settings.getPartition() == null ? 0 : settings.getPartition())
          .endRollingUpdate()
          .endUpdateStrategy();
    }
    if (rollout != null) {
      spec.withMinReadySeconds(rollout.getMinReadySeconds());
    }
    List<ApplicationVolumeClaim> claims = ApplicationPodTemplate.claimTemplates(app);
    if (!claims.isEmpty()) {
      spec.withVolumeClaimTemplates(
          claims.stream().map(DesiredStatefulSet::claimTemplate).toList());
    }
    return new StatefulSetBuilder()
        .withMetadata(WorkloadIdentity.metadata(app))
        .withSpec(spec.build())
        .build();
  }

  private static ApplicationStatefulSet settings(Application app) {
    return app.getSpec().getStatefulSet() == null
        ? new ApplicationStatefulSet()
        : app.getSpec().getStatefulSet();
  }

  private static PersistentVolumeClaim claimTemplate(ApplicationVolumeClaim claim) {
    List<String> accessModes =
        PodTemplates.notEmpty(claim.getAccessModes())
            ? claim.getAccessModes().stream().map(Enum::name).toList()
            : List.of(ApplicationVolumeClaim.AccessMode.ReadWriteOnce.name());
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(claim.getName())
        .endMetadata()
        .withNewSpec()
        .withAccessModes(accessModes)
        .withStorageClassName(claim.getStorageClassName())
        .withNewResources()
        .withRequests(Quantities.canonical(Map.of("storage", claim.getSize())))
        .endResources()
        .endSpec()
        .build();
  }
}
