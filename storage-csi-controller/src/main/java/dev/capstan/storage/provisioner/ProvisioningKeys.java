package dev.capstan.storage.provisioner;

/** Annotation, finalizer and parameter keys shared with Kubernetes and the upstream sidecars. */
public final class ProvisioningKeys {

  public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  public static final String BETA_STORAGE_PROVISIONER =
      "volume.beta.kubernetes.io/storage-provisioner";
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
  public static final String DELETION_SECRET_NAME =
      "volume.kubernetes.io/provisioner-deletion-secret-name";
  public static final String DELETION_SECRET_NAMESPACE =
      "volume.kubernetes.io/provisioner-deletion-secret-namespace";
  public static final String PROVISIONER_IDENTITY = "storage.kubernetes.io/csiProvisionerIdentity";

  /** On the PV (policy Delete): only removed once the driver deleted the volume. */
  public static final String PV_FINALIZER = "external-provisioner.volume.kubernetes.io/finalizer";

  /**
   * On the PVC from before CreateVolume until the PV is saved: a claim deleted (or a controller
   * restarted) mid-CreateVolume is still seen, so the volume is found again and deleted instead of
   * leaked (external-provisioner keeps this in memory only, #486).
   */
  public static final String PVC_IN_FLIGHT_FINALIZER = "storage.capstan.dev/provisioning";

  public static final String PARAMETER_PREFIX = "csi.storage.k8s.io/";

  private ProvisioningKeys() {}
}
