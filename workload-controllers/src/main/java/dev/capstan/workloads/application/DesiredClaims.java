package dev.capstan.workloads.application;

import dev.capstan.crds.common.Quantities;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSharedClaim;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolume;
import dev.capstan.crds.workloads.v1alpha1.ApplicationVolumeClaim;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec in, the shared PersistentVolumeClaims out (volumes with a claim), keyed by claim name.
 *
 * <p>Claims hold data, so a claim dropped from the spec is kept, not deleted: {@link
 * SharedClaimsDependent} never deletes one, and the status lists it under retainedClaims until a
 * person deletes it (or the whole Application is deleted, whose owner reference then lets the
 * garbage collector remove it). Resizing a claim applies the new size; shrinking is refused by the
 * apiserver and reported as Stalled.
 */
public final class DesiredClaims {

  private DesiredClaims() {}

  public static String name(Application app, ApplicationVolume volume) {
    return ApplicationPodTemplate.claimName(app, volume);
  }

  public static Map<String, PersistentVolumeClaim> of(Application app) {
    Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
    for (ApplicationVolume volume : PodTemplates.listOf(app.getSpec().getVolumes())) {
      if (volume.getClaim() != null) {
        String name = name(app, volume);
        claims.put(name, claim(app, name, volume.getClaim()));
      }
    }
    return claims;
  }

  private static PersistentVolumeClaim claim(
      Application app, String name, ApplicationSharedClaim claim) {
    List<String> accessModes =
        PodTemplates.notEmpty(claim.getAccessModes())
            ? claim.getAccessModes().stream().map(Enum::name).toList()
            : List.of(ApplicationVolumeClaim.AccessMode.ReadWriteOnce.name());
    return new PersistentVolumeClaimBuilder()
        .withMetadata(WorkloadIdentity.metadata(app, name))
        .withNewSpec()
        .withAccessModes(accessModes)
        .withStorageClassName(claim.getStorageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", Quantities.canonical(claim.getSize())))
        .endResources()
        .endSpec()
        .build();
  }
}
