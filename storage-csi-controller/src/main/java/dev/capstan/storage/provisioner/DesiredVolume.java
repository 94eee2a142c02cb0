package dev.capstan.storage.provisioner;

import csi.v1.Csi;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.api.model.VolumeNodeAffinityBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PV for a volume the driver created: what the PV controller needs to bind it. */
public final class DesiredVolume {

  private DesiredVolume() {}

  /** Everything taken from the claim and its class. */
  public record Claim(
      ClaimRef ref,
      long requestBytes,
      List<String> accessModes,
      String volumeMode,
      String storageClassName,
      String reclaimPolicy,
      List<String> mountOptions) {}

  public static PersistentVolume persistentVolume(
      String name,
      String driver,
      String provisionerIdentity,
      Csi.Volume volume,
      Claim claim,
      ClassParameters parameters) {
    long capacity =
        volume.getCapacityBytes() > 0 ? volume.getCapacityBytes() : claim.requestBytes();
    Map<String, String> attributes = new LinkedHashMap<>(volume.getVolumeContextMap());
    attributes.put(ProvisioningKeys.PROVISIONER_IDENTITY, provisionerIdentity);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ProvisioningKeys.PROVISIONED_BY, driver);
    parameters
        .secret(ClassParameters.SecretKind.PROVISIONER)
        .ifPresent(
            s -> {
              annotations.put(ProvisioningKeys.DELETION_SECRET_NAME, s.name());
              annotations.put(ProvisioningKeys.DELETION_SECRET_NAMESPACE, s.namespace());
            });
    PersistentVolumeBuilder pv =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withCapacity(Map.of("storage", new Quantity(String.valueOf(capacity))))
            .withAccessModes(claim.accessModes())
            .withVolumeMode(claim.volumeMode())
            .withStorageClassName(claim.storageClassName())
            .withPersistentVolumeReclaimPolicy(claim.reclaimPolicy())
            .withClaimRef(
                new ObjectReferenceBuilder()
                    .withKind("PersistentVolumeClaim")
                    .withApiVersion("v1")
                    .withNamespace(claim.ref().namespace())
                    .withName(claim.ref().name())
                    .withUid(claim.ref().uid())
                    .build())
            .withNewCsi()
            .withDriver(driver)
            .withVolumeHandle(volume.getVolumeId())
            .withVolumeAttributes(attributes)
            .withFsType("Block".equals(claim.volumeMode()) ? null : parameters.fsType())
            .withControllerPublishSecretRef(
                ref(parameters, ClassParameters.SecretKind.CONTROLLER_PUBLISH))
            .withNodeStageSecretRef(ref(parameters, ClassParameters.SecretKind.NODE_STAGE))
            .withNodePublishSecretRef(ref(parameters, ClassParameters.SecretKind.NODE_PUBLISH))
            .withControllerExpandSecretRef(
                ref(parameters, ClassParameters.SecretKind.CONTROLLER_EXPAND))
            .withNodeExpandSecretRef(ref(parameters, ClassParameters.SecretKind.NODE_EXPAND))
            .endCsi()
            .endSpec();
    if (!claim.mountOptions().isEmpty()) {
      pv.editSpec().withMountOptions(claim.mountOptions()).endSpec();
    }
    if ("Delete".equals(claim.reclaimPolicy())) {
      pv.editMetadata().withFinalizers(ProvisioningKeys.PV_FINALIZER).endMetadata();
    }
    if (volume.getAccessibleTopologyCount() > 0) {
      pv.editSpec()
          .withNodeAffinity(
              new VolumeNodeAffinityBuilder()
                  .withNewRequired()
                  .withNodeSelectorTerms(terms(volume.getAccessibleTopologyList()))
                  .endRequired()
                  .build())
          .endSpec();
    }
    return pv.build();
  }

  /** One term per accessible segment (ORed); each key of a segment must match (ANDed). */
  private static List<io.fabric8.kubernetes.api.model.NodeSelectorTerm> terms(
      List<Csi.Topology> topologies) {
    List<io.fabric8.kubernetes.api.model.NodeSelectorTerm> terms = new ArrayList<>();
    for (Csi.Topology t : topologies) {
      NodeSelectorTermBuilder term = new NodeSelectorTermBuilder();
      t.getSegmentsMap().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  term.addNewMatchExpression()
                      .withKey(e.getKey())
                      .withOperator("In")
                      .withValues(e.getValue())
                      .endMatchExpression());
      terms.add(term.build());
    }
    return terms;
  }

  private static SecretReference ref(ClassParameters p, ClassParameters.SecretKind kind) {
    return p.secret(kind).map(s -> new SecretReference(s.name(), s.namespace())).orElse(null);
  }
}
