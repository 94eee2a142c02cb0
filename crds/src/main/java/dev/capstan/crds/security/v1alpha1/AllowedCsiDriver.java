package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A CSI driver pods may use in inline (ephemeral) csi volumes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowedCsiDriver {

  @JsonPropertyDescription("The CSI driver name.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  public AllowedCsiDriver() {}

  public AllowedCsiDriver(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
