package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** A persistent volume claim: its size, storage class, access modes and where it is mounted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationVolumeClaim {

  @JsonPropertyDescription("Claim (and volume) name, a DNS label.")
  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Requested storage, e.g. 10Gi.")
  @Required
  private Quantity size;

  @JsonPropertyDescription("Storage class; unset uses the cluster's default class.")
  private String storageClassName;

  @JsonPropertyDescription("Access modes; defaults to [ReadWriteOnce].")
  private List<AccessMode> accessModes;

  @JsonPropertyDescription("Directory the volume is mounted at in every container.")
  @Required
  @Pattern("^/.*")
  private String mountPath;

  public enum AccessMode {
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public List<AccessMode> getAccessModes() {
    return accessModes;
  }

  public void setAccessModes(List<AccessMode> accessModes) {
    this.accessModes = accessModes;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }
}
