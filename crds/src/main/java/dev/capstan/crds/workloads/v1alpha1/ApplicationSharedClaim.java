package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A persistent claim shared by every replica: its size, storage class and access modes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSharedClaim {

  @JsonPropertyDescription("Requested storage, e.g. 10Gi.")
  @Required
  private io.fabric8.kubernetes.api.model.Quantity size;

  @JsonPropertyDescription("Storage class; unset uses the cluster's default class.")
  private String storageClassName;

  @JsonPropertyDescription(
      "Access modes; defaults to [ReadWriteOnce] (then all replicas must share one node).")
  private List<ApplicationVolumeClaim.AccessMode> accessModes;

  public io.fabric8.kubernetes.api.model.Quantity getSize() {
    return size;
  }

  public void setSize(io.fabric8.kubernetes.api.model.Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public List<ApplicationVolumeClaim.AccessMode> getAccessModes() {
    return accessModes;
  }

  public void setAccessModes(List<ApplicationVolumeClaim.AccessMode> accessModes) {
    this.accessModes = accessModes;
  }
}
