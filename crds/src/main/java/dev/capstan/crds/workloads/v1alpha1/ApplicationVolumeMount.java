package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where a container sees one of the pod's volumes (spec.volumes). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationVolumeMount {

  @JsonPropertyDescription("Name of a volume in spec.volumes.")
  @Required
  private String name;

  @JsonPropertyDescription("Absolute directory in the container.")
  @Required
  @Pattern("^/.*")
  private String mountPath;

  @JsonPropertyDescription("A path within the volume to mount instead of its root.")
  private String subPath;

  @JsonPropertyDescription("Mount read-only.")
  private Boolean readOnly;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public String getSubPath() {
    return subPath;
  }

  public void setSubPath(String subPath) {
    this.subPath = subPath;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }
}
