package dev.capstan.storage.provisioner;

import csi.v1.Csi;
import dev.capstan.core.apply.FinalizerPatches;
import dev.capstan.core.events.EventDetails;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the volume of a Released PV with policy Delete: the body of the volume queue. */
final class VolumeDeletion {

  private static final Logger LOGGER = LoggerFactory.getLogger(VolumeDeletion.class);
  private final Provisioner p;

  VolumeDeletion(Provisioner provisioner) {
    this.p = provisioner;
  }

  void sync(String key) {
    PersistentVolume pv = p.cachedVolume(key.substring("pv/".length()));
    if (pv == null) {
      return;
    }
    boolean hasFinalizer =
        pv.getMetadata().getFinalizers() != null
            && pv.getMetadata().getFinalizers().contains(ProvisioningKeys.PV_FINALIZER);
    if (!"Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
      if (hasFinalizer) {
        removeFinalizer(pv); // policy changed to Retain: the volume outlives the PV
      }
      return;
    }
    String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
    if (!"Released".equals(phase)) {
      return;
    }
    if (!hasFinalizer && pv.getMetadata().getDeletionTimestamp() != null) {
      return; // not ours to finish
    }
    if (p.supports(Csi.ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME)) {
      for (VolumeAttachment va : p.client.storage().v1().volumeAttachments().list().getItems()) {
        if (pv.getMetadata().getName().equals(va.getSpec().getSource().getPersistentVolumeName())) {
          throw new IllegalStateException(
              "persistentvolume "
                  + pv.getMetadata().getName()
                  + " is still attached to node "
                  + va.getSpec().getNodeName());
        }
      }
    }
    try {
      p.csi.deleteVolume(
          Csi.DeleteVolumeRequest.newBuilder()
              .setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
              .putAllSecrets(deletionSecrets(pv))
              .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        p.event(pv, EventDetails.warning("VolumeFailedDelete", "Delete", e.getMessage()));
        throw e;
      }
    }
    p.deleted.incrementAndGet();
    LOGGER.info(
        "deleted volume {} of PV {}",
        pv.getSpec().getCsi().getVolumeHandle(),
        pv.getMetadata().getName());
    if (pv.getMetadata().getDeletionTimestamp() == null) {
      p.client.persistentVolumes().withName(pv.getMetadata().getName()).delete();
    }
    if (hasFinalizer) {
      removeFinalizer(pv);
    }
  }

  /** Removes only our finalizer, whatever else the list holds (external-provisioner#1217). */
  private void removeFinalizer(PersistentVolume pv) {
    p.client
        .persistentVolumes()
        .withName(pv.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            FinalizerPatches.remove(ProvisioningKeys.PV_FINALIZER));
  }

  private Map<String, String> deletionSecrets(PersistentVolume pv) {
    Map<String, String> a = pv.getMetadata().getAnnotations();
    String name = a.get(ProvisioningKeys.DELETION_SECRET_NAME);
    String namespace = a.get(ProvisioningKeys.DELETION_SECRET_NAMESPACE);
    if (name == null || name.isEmpty() || namespace == null) {
      return Map.of();
    }
    Secret secret = p.client.secrets().inNamespace(namespace).withName(name).get();
    Map<String, String> data = new LinkedHashMap<>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }
}
