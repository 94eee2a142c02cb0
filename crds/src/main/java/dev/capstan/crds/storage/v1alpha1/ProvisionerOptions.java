package dev.capstan.crds.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How volumes are provisioned for this driver (external-provisioner's flags, per driver). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProvisionerOptions {

  @JsonPropertyDescription(
      "Volume (and PV) names are <prefix>-<PVC UID>, so a retry or a restart asks the driver for"
          + " the same name. Changing it while claims are pending provisions them under new names.")
  @Default("pvc")
  @Size(min = 1, max = 32)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String volumeNamePrefix = "pvc";

  @JsonPropertyDescription("Deadline of each CSI call, in seconds.")
  @Default("10")
  @Min(1)
  @Max(600)
  private Integer timeoutSeconds = 10;

  @JsonPropertyDescription("Claims and volumes handled concurrently.")
  @Default("10")
  @Min(1)
  @Max(100)
  private Integer workers = 10;

  @JsonPropertyDescription(
      "Pass accessibility requirements (from the selected node's CSINode topology keys and Node"
          + " labels) to CreateVolume and set PV node affinity from the answer. Only takes effect"
          + " if the driver reports VOLUME_ACCESSIBILITY_CONSTRAINTS.")
  @Default("false")
  private Boolean topology = false;

  @JsonPropertyDescription(
      "Add csi.storage.k8s.io/pvc/name, csi.storage.k8s.io/pvc/namespace and"
          + " csi.storage.k8s.io/pv/name to the CreateVolume parameters.")
  @Default("false")
  private Boolean extraCreateMetadata = false;

  public String getVolumeNamePrefix() {
    return volumeNamePrefix;
  }

  public void setVolumeNamePrefix(String volumeNamePrefix) {
    this.volumeNamePrefix = volumeNamePrefix;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Boolean getTopology() {
    return topology;
  }

  public void setTopology(Boolean topology) {
    this.topology = topology;
  }

  public Boolean getExtraCreateMetadata() {
    return extraCreateMetadata;
  }

  public void setExtraCreateMetadata(Boolean extraCreateMetadata) {
    this.extraCreateMetadata = extraCreateMetadata;
  }
}
