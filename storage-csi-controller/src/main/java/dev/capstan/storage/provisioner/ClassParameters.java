package dev.capstan.storage.provisioner;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * StorageClass parameters split into what the driver gets (everything outside {@code
 * csi.storage.k8s.io/}) and what Capstan interprets (fsType, secret references).
 */
public record ClassParameters(
    Map<String, String> driverParameters, String fsType, Map<SecretKind, SecretRef> secrets) {

  /** The secret references a class may name, by parameter prefix. */
  public enum SecretKind {
    PROVISIONER("provisioner-secret"),
    CONTROLLER_PUBLISH("controller-publish-secret"),
    NODE_STAGE("node-stage-secret"),
    NODE_PUBLISH("node-publish-secret"),
    CONTROLLER_EXPAND("controller-expand-secret"),
    NODE_EXPAND("node-expand-secret");

    final String prefix;

    SecretKind(String prefix) {
      this.prefix = prefix;
    }
  }

  private static final String FSTYPE = ProvisioningKeys.PARAMETER_PREFIX + "fstype";
  private static final String DEFAULT_SECRET = "secret";

  public Optional<SecretRef> secret(SecretKind kind) {
    return Optional.ofNullable(secrets.get(kind));
  }

  /**
   * Parses a class's parameters for one claim; {@code extraMetadata} adds the claim and PV names
   * (external-provisioner's {@code --extra-create-metadata}).
   */
  public static ClassParameters parse(
      Map<String, String> parameters, String pvName, ClaimRef claim, boolean extraMetadata)
      throws InvalidParametersException {
    Map<String, String> driver = new LinkedHashMap<>();
    Map<String, String> reserved = new LinkedHashMap<>();
    String legacyFsType = null;
    for (Map.Entry<String, String> e :
        (parameters == null ? Map.<String, String>of() : parameters).entrySet()) {
      if (e.getKey().startsWith(ProvisioningKeys.PARAMETER_PREFIX)) {
        reserved.put(e.getKey(), e.getValue());
      } else {
        if (e.getKey().equalsIgnoreCase("fstype")) {
          legacyFsType = e.getValue(); // deprecated alias: passed through and honoured
        }
        driver.put(e.getKey(), e.getValue());
      }
    }
    String fsType = reserved.remove(FSTYPE);
    if (fsType != null && legacyFsType != null) {
      throw new InvalidParametersException(
          "fstype and " + FSTYPE + " are both set; use only " + FSTYPE);
    }
    Map<SecretKind, SecretRef> secrets = new EnumMap<>(SecretKind.class);
    SecretRef fallback = secretPair(reserved, DEFAULT_SECRET, pvName, claim);
    for (SecretKind kind : SecretKind.values()) {
      SecretRef ref = secretPair(reserved, kind.prefix, pvName, claim);
      if (ref == null) {
        ref = fallback;
      }
      if (ref != null) {
        secrets.put(kind, ref);
      }
    }
    if (!reserved.isEmpty()) {
      throw new InvalidParametersException(
          "found unknown parameter key \""
              + reserved.keySet().iterator().next()
              + "\" with reserved namespace "
              + ProvisioningKeys.PARAMETER_PREFIX);
    }
    if (extraMetadata) {
      driver.put(ProvisioningKeys.PARAMETER_PREFIX + "pvc/name", claim.name());
      driver.put(ProvisioningKeys.PARAMETER_PREFIX + "pvc/namespace", claim.namespace());
      driver.put(ProvisioningKeys.PARAMETER_PREFIX + "pv/name", pvName);
    }
    return new ClassParameters(
        Map.copyOf(driver), fsType != null ? fsType : legacyFsType, Map.copyOf(secrets));
  }

  /** Removes and resolves {@code <prefix>-name} + {@code <prefix>-namespace}; both or neither. */
  private static SecretRef secretPair(
      Map<String, String> reserved, String prefix, String pvName, ClaimRef claim)
      throws InvalidParametersException {
    String nameKey = ProvisioningKeys.PARAMETER_PREFIX + prefix + "-name";
    String namespaceKey = ProvisioningKeys.PARAMETER_PREFIX + prefix + "-namespace";
    String name = reserved.remove(nameKey);
    String namespace = reserved.remove(namespaceKey);
    if (name == null && namespace == null) {
      return null;
    }
    if (name == null || namespace == null) {
      throw new InvalidParametersException(
          "either both or neither of " + nameKey + " and " + namespaceKey + " must be set");
    }
    return new SecretRef(
        SecretTemplates.resolveNamespace(namespace, pvName, claim),
        SecretTemplates.resolveName(name, pvName, claim));
  }
}
