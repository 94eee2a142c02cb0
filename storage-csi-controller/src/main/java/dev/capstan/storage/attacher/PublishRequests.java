package dev.capstan.storage.attacher;

import csi.v1.Csi;
import csi.v1.Csi.VolumeCapability.AccessMode.Mode;
import io.fabric8.kubernetes.api.model.CSIPersistentVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * ControllerPublishVolume / ControllerUnpublishVolume requests from a PersistentVolume, as
 * external-attacher builds them (pkg/controller/csi_handler.go, util.go, csi-lib-utils
 * accessmodes). Pure: the caller resolves the node ID and the secret.
 */
public final class PublishRequests {

  private PublishRequests() {}

  /**
   * Thrown for a PV the attacher cannot express in CSI (retrying will not help until it changes).
   */
  public static final class InvalidVolumeException extends IllegalArgumentException {
    public InvalidVolumeException(String message) {
      super(message);
    }
  }

  public static Csi.ControllerPublishVolumeRequest publish(
      PersistentVolume pv, String nodeId, Map<String, String> secrets, DriverFeatures features) {
    CSIPersistentVolumeSource source = csiSource(pv);
    Csi.ControllerPublishVolumeRequest.Builder request =
        Csi.ControllerPublishVolumeRequest.newBuilder()
            .setVolumeId(source.getVolumeHandle())
            .setNodeId(nodeId)
            .setVolumeCapability(capability(pv, features.singleNodeMultiWriter()))
            // "CO MUST set this field to false if SP does not have the PUBLISH_READONLY
            // controller capability" (CSI spec). Only spec.csi.readOnly counts, as upstream: a
            // ReadOnlyMany access mode is already MULTI_NODE_READER_ONLY in the capability.
            .setReadonly(features.publishReadOnly() && Boolean.TRUE.equals(source.getReadOnly()))
            .putAllSecrets(secrets);
    if (source.getVolumeAttributes() != null) {
      request.putAllVolumeContext(source.getVolumeAttributes());
    }
    return request.build();
  }

  public static Csi.ControllerUnpublishVolumeRequest unpublish(
      PersistentVolume pv, String nodeId, Map<String, String> secrets) {
    return Csi.ControllerUnpublishVolumeRequest.newBuilder()
        .setVolumeId(csiSource(pv).getVolumeHandle())
        .setNodeId(nodeId)
        .putAllSecrets(secrets)
        .build();
  }

  /** The Secret both publish and unpublish send ({@code spec.csi.controllerPublishSecretRef}). */
  public static Optional<SecretReference> secretRef(PersistentVolume pv) {
    SecretReference ref = csiSource(pv).getControllerPublishSecretRef();
    return ref == null || ref.getName() == null || ref.getName().isEmpty()
        ? Optional.empty()
        : Optional.of(ref);
  }

  /** The Secret's {@code data}, decoded (the API server returns no {@code stringData}). */
  public static Map<String, String> secretData(Secret secret) {
    Map<String, String> out = new TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(
                      k,
                      v == null
                          ? ""
                          : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  public static Csi.VolumeCapability capability(
      PersistentVolume pv, boolean singleNodeMultiWriter) {
    Csi.VolumeCapability.Builder cap =
        Csi.VolumeCapability.newBuilder()
            .setAccessMode(
                Csi.VolumeCapability.AccessMode.newBuilder()
                    .setMode(accessMode(pv.getSpec().getAccessModes(), singleNodeMultiWriter)));
    if ("Block".equals(pv.getSpec().getVolumeMode())) {
      cap.setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance());
    } else {
      Csi.VolumeCapability.MountVolume.Builder mount =
          Csi.VolumeCapability.MountVolume.newBuilder();
      String fsType = csiSource(pv).getFsType();
      if (fsType != null) {
        mount.setFsType(fsType);
      }
      if (pv.getSpec().getMountOptions() != null) {
        mount.addAllMountFlags(pv.getSpec().getMountOptions());
      }
      cap.setMount(mount);
    }
    return cap.build();
  }

  /**
   * PV access modes to one CSI mode. ReadWriteOncePod stands alone; ReadWriteMany wins over the
   * rest; ReadOnlyMany with ReadWriteOnce has no CSI equivalent. A driver with
   * SINGLE_NODE_MULTI_WRITER gets the finer single-node modes (RWO → SINGLE_NODE_MULTI_WRITER, RWOP
   * → SINGLE_NODE_SINGLE_WRITER); others get SINGLE_NODE_WRITER for both.
   */
  public static Mode accessMode(List<String> pvAccessModes, boolean singleNodeMultiWriter) {
    Set<String> modes = new HashSet<>(pvAccessModes == null ? List.of() : pvAccessModes);
    if (modes.contains("ReadWriteOncePod")) {
      if (modes.size() > 1) {
        throw new InvalidVolumeException(
            "ReadWriteOncePod cannot be combined with other access modes on one PersistentVolume");
      }
      return singleNodeMultiWriter ? Mode.SINGLE_NODE_SINGLE_WRITER : Mode.SINGLE_NODE_WRITER;
    }
    if (modes.contains("ReadWriteMany")) {
      return Mode.MULTI_NODE_MULTI_WRITER;
    }
    if (modes.contains("ReadOnlyMany") && modes.contains("ReadWriteOnce")) {
      throw new InvalidVolumeException(
          "CSI does not support ReadOnlyMany and ReadWriteOnce on the same PersistentVolume");
    }
    if (modes.contains("ReadOnlyMany")) {
      return Mode.MULTI_NODE_READER_ONLY;
    }
    if (modes.contains("ReadWriteOnce")) {
      return singleNodeMultiWriter ? Mode.SINGLE_NODE_MULTI_WRITER : Mode.SINGLE_NODE_WRITER;
    }
    throw new InvalidVolumeException("unsupported access modes " + pvAccessModes);
  }

  private static CSIPersistentVolumeSource csiSource(PersistentVolume pv) {
    CSIPersistentVolumeSource source = pv.getSpec().getCsi();
    if (source == null) {
      throw new InvalidVolumeException(
          "persistentvolume " + pv.getMetadata().getName() + " is not a CSI volume");
    }
    return source;
  }
}
