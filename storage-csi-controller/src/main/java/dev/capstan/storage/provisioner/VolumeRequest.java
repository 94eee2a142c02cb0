package dev.capstan.storage.provisioner;

import csi.v1.Csi;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the CreateVolume request for a claim: capacity from the claim's request, one capability
 * per access mode (block or mount with fsType and mount options), parameters without the reserved
 * keys.
 */
public final class VolumeRequest {

  private VolumeRequest() {}

  public static Csi.CreateVolumeRequest createVolume(
      String name,
      long requestBytes,
      List<String> accessModes,
      boolean block,
      List<String> mountOptions,
      ClassParameters parameters,
      Map<String, String> provisionerSecrets,
      Optional<Csi.TopologyRequirement> topology)
      throws InvalidParametersException {
    if (accessModes == null || accessModes.isEmpty()) {
      throw new InvalidParametersException("the claim has no access modes");
    }
    Csi.CreateVolumeRequest.Builder request =
        Csi.CreateVolumeRequest.newBuilder()
            .setName(name)
            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(requestBytes))
            .putAllParameters(parameters.driverParameters())
            .putAllSecrets(provisionerSecrets);
    for (String mode : accessModes) {
      Csi.VolumeCapability.Builder cap =
          Csi.VolumeCapability.newBuilder()
              .setAccessMode(
                  Csi.VolumeCapability.AccessMode.newBuilder().setMode(accessMode(mode)));
      if (block) {
        cap.setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance());
      } else {
        Csi.VolumeCapability.MountVolume.Builder mount =
            Csi.VolumeCapability.MountVolume.newBuilder().addAllMountFlags(mountOptions);
        if (parameters.fsType() != null) {
          mount.setFsType(parameters.fsType());
        }
        cap.setMount(mount);
      }
      request.addVolumeCapabilities(cap);
    }
    topology.ifPresent(request::setAccessibilityRequirements);
    return request.build();
  }

  /** Kubernetes access mode → CSI access mode (as external-provisioner maps them). */
  static Csi.VolumeCapability.AccessMode.Mode accessMode(String mode)
      throws InvalidParametersException {
    return switch (mode) {
      case "ReadWriteOnce" -> Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER;
      case "ReadOnlyMany" -> Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY;
      case "ReadWriteMany" -> Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER;
      case "ReadWriteOncePod" -> Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER;
      default -> throw new InvalidParametersException("unknown access mode " + mode);
    };
  }

  /** One requisite/preferred segment per topology: the selected node's (or every node's). */
  public static Optional<Csi.TopologyRequirement> topologyRequirement(
      List<Map<String, String>> segments) {
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    Csi.TopologyRequirement.Builder req = Csi.TopologyRequirement.newBuilder();
    for (Map<String, String> segment : segments.stream().distinct().toList()) {
      Csi.Topology t = Csi.Topology.newBuilder().putAllSegments(segment).build();
      req.addRequisite(t);
      req.addPreferred(t);
    }
    return Optional.of(req.build());
  }
}
