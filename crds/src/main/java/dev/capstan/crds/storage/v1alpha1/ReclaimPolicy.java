package dev.capstan.crds.storage.v1alpha1;

/** What happens to a provisioned volume when its claim is deleted. */
public enum ReclaimPolicy {
  /** The driver deletes the volume (DeleteVolume) once the PV is Released. */
  Delete,
  /** The PV and the volume stay; an administrator reclaims them. */
  Retain
}
