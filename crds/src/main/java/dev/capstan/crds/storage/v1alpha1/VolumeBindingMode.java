package dev.capstan.crds.storage.v1alpha1;

/** When a claim of the class is provisioned. */
public enum VolumeBindingMode {
  /** As soon as the claim exists. */
  Immediate,
  /** Once the scheduler has picked a node for the first pod using the claim. */
  WaitForFirstConsumer
}
