package dev.capstan.crds.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A StorageClass the backend publishes, with the driver as its provisioner. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.parameters) || self.parameters.all(k, !k.startsWith('csi.storage.k8s.io/')"
            + " || k in ['csi.storage.k8s.io/fstype',"
            + " 'csi.storage.k8s.io/provisioner-secret-name',"
            + " 'csi.storage.k8s.io/provisioner-secret-namespace',"
            + " 'csi.storage.k8s.io/controller-publish-secret-name',"
            + " 'csi.storage.k8s.io/controller-publish-secret-namespace',"
            + " 'csi.storage.k8s.io/node-stage-secret-name',"
            + " 'csi.storage.k8s.io/node-stage-secret-namespace',"
            + " 'csi.storage.k8s.io/node-publish-secret-name',"
            + " 'csi.storage.k8s.io/node-publish-secret-namespace',"
            + " 'csi.storage.k8s.io/controller-expand-secret-name',"
            + " 'csi.storage.k8s.io/controller-expand-secret-namespace',"
            + " 'csi.storage.k8s.io/node-expand-secret-name',"
            + " 'csi.storage.k8s.io/node-expand-secret-namespace',"
            + " 'csi.storage.k8s.io/secret-name', 'csi.storage.k8s.io/secret-namespace'])",
    message =
        "parameters: csi.storage.k8s.io/ is a reserved prefix; only fstype and the *-secret-name /"
            + " *-secret-namespace keys are recognised")
public class StorageClassTemplate {

  @JsonPropertyDescription("The StorageClass name (cluster-wide).")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription(
      "Opaque parameters passed to CreateVolume; csi.storage.k8s.io/* keys (fstype, secrets) are"
          + " interpreted by Capstan and stripped.")
  @Size(max = 64)
  private Map<String, String> parameters = new LinkedHashMap<>();

  @JsonPropertyDescription("Delete (default) or Retain.")
  @Default("Delete")
  private ReclaimPolicy reclaimPolicy = ReclaimPolicy.Delete;

  @JsonPropertyDescription("Immediate (default) or WaitForFirstConsumer.")
  @Default("Immediate")
  private VolumeBindingMode volumeBindingMode = VolumeBindingMode.Immediate;

  @JsonPropertyDescription("Whether claims of this class may be resized.")
  private Boolean allowVolumeExpansion;

  @JsonPropertyDescription(
      "Mark this class the cluster default (annotation"
          + " storageclass.kubernetes.io/is-default-class).")
  @JsonProperty("default")
  private Boolean isDefault;

  @JsonPropertyDescription("Mount options for volumes of this class.")
  @Size(max = 32)
  private List<String> mountOptions = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  public ReclaimPolicy getReclaimPolicy() {
    return reclaimPolicy;
  }

  public void setReclaimPolicy(ReclaimPolicy reclaimPolicy) {
    this.reclaimPolicy = reclaimPolicy;
  }

  public VolumeBindingMode getVolumeBindingMode() {
    return volumeBindingMode;
  }

  public void setVolumeBindingMode(VolumeBindingMode volumeBindingMode) {
    this.volumeBindingMode = volumeBindingMode;
  }

  public Boolean getAllowVolumeExpansion() {
    return allowVolumeExpansion;
  }

  public void setAllowVolumeExpansion(Boolean allowVolumeExpansion) {
    this.allowVolumeExpansion = allowVolumeExpansion;
  }

  public Boolean getIsDefault() {
    return isDefault;
  }

  public void setIsDefault(Boolean isDefault) {
    this.isDefault = isDefault;
  }

  public List<String> getMountOptions() {
    return mountOptions;
  }

  public void setMountOptions(List<String> mountOptions) {
    this.mountOptions = mountOptions;
  }
}
