package dev.capstan.storage.provisioner;

/** The one naming function: CreateVolume name = PV name = {@code <prefix>-<PVC UID>}. */
public final class VolumeNames {

  private VolumeNames() {}

  public static String volumeName(String prefix, String pvcUid) {
    if (pvcUid == null || pvcUid.isBlank()) {
      throw new IllegalArgumentException("a claim without a UID cannot be provisioned");
    }
    return prefix + "-" + pvcUid;
  }
}
