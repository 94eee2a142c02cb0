package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * Configuration files kept in a ConfigMap named {@code <application>-config} and mounted into every
 * container. A change of content rolls the pods: the pod template carries a hash of the data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationConfig {

  @JsonPropertyDescription("File name to content, e.g. application.properties: 'port=8080'.")
  @Required
  @Size(min = 1)
  private Map<String, String> data;

  @JsonPropertyDescription("Directory the files are mounted at in every container.")
  @Pattern("^/.*")
  private String mountPath = "/etc/config";

  public Map<String, String> getData() {
    return data;
  }

  public void setData(Map<String, String> data) {
    this.data = data;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }
}
