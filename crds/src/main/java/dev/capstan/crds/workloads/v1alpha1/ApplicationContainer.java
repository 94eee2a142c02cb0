package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationContainer {

  @JsonPropertyDescription("Container name, a DNS label unique within the pod.")
  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Container image reference, e.g. registry.example/app:1.2.3.")
  @Required
  @Pattern("^\\S+$")
  private String image;

  @JsonPropertyDescription("Overrides the image's entrypoint.")
  private List<String> command;

  @JsonPropertyDescription("Arguments to the entrypoint.")
  private List<String> args;

  @JsonPropertyDescription("Ports the container listens on.")
  private List<ApplicationPort> ports = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<ApplicationPort> getPorts() {
    return ports;
  }

  public void setPorts(List<ApplicationPort> ports) {
    this.ports = ports;
  }
}
