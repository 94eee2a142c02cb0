package dev.capstan.crds.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.crds.common.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the driver said about itself, and conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageBackendStatus extends ConditionedStatus {

  @JsonPropertyDescription("The driver's name (GetPluginInfo); the CSIDriver object's name.")
  private String driverName;

  @JsonPropertyDescription("The driver's vendor version (GetPluginInfo).")
  private String vendorVersion;

  @JsonPropertyDescription("Plugin capabilities (GetPluginCapabilities), e.g. CONTROLLER_SERVICE.")
  private List<String> pluginCapabilities = new ArrayList<>();

  @JsonPropertyDescription(
      "Controller capabilities (ControllerGetCapabilities), e.g. CREATE_DELETE_VOLUME.")
  private List<String> controllerCapabilities = new ArrayList<>();

  @JsonPropertyDescription("The StorageClasses published.")
  private List<String> storageClasses = new ArrayList<>();

  @JsonPropertyDescription(
      "PersistentVolumes provisioned by this driver that exist now (refreshed every minute).")
  private Integer provisionedVolumes;

  @JsonPropertyDescription(
      "VolumeAttachments of this driver that are attached now (refreshed every minute).")
  private Integer attachedVolumes;

  public String getDriverName() {
    return driverName;
  }

  public void setDriverName(String driverName) {
    this.driverName = driverName;
  }

  public String getVendorVersion() {
    return vendorVersion;
  }

  public void setVendorVersion(String vendorVersion) {
    this.vendorVersion = vendorVersion;
  }

  public List<String> getPluginCapabilities() {
    return pluginCapabilities;
  }

  public void setPluginCapabilities(List<String> pluginCapabilities) {
    this.pluginCapabilities = pluginCapabilities;
  }

  public List<String> getControllerCapabilities() {
    return controllerCapabilities;
  }

  public void setControllerCapabilities(List<String> controllerCapabilities) {
    this.controllerCapabilities = controllerCapabilities;
  }

  public List<String> getStorageClasses() {
    return storageClasses;
  }

  public void setStorageClasses(List<String> storageClasses) {
    this.storageClasses = storageClasses;
  }

  public Integer getProvisionedVolumes() {
    return provisionedVolumes;
  }

  public void setProvisionedVolumes(Integer provisionedVolumes) {
    this.provisionedVolumes = provisionedVolumes;
  }

  public Integer getAttachedVolumes() {
    return attachedVolumes;
  }

  public void setAttachedVolumes(Integer attachedVolumes) {
    this.attachedVolumes = attachedVolumes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageBackendStatus s
        && sameConditionsAs(s)
        && Objects.equals(driverName, s.driverName)
        && Objects.equals(vendorVersion, s.vendorVersion)
        && Objects.equals(pluginCapabilities, s.pluginCapabilities)
        && Objects.equals(controllerCapabilities, s.controllerCapabilities)
        && Objects.equals(storageClasses, s.storageClasses)
        && Objects.equals(provisionedVolumes, s.provisionedVolumes)
        && Objects.equals(attachedVolumes, s.attachedVolumes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(driverName, vendorVersion, storageClasses);
  }
}
