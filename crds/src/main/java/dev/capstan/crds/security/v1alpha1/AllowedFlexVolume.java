package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A flexVolume driver pods may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowedFlexVolume {

  @JsonPropertyDescription("The flexVolume driver name.")
  @Required
  @Size(min = 1, max = 253)
  private String driver;

  public AllowedFlexVolume() {}

  public AllowedFlexVolume(String driver) {
    this.driver = driver;
  }

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }
}
