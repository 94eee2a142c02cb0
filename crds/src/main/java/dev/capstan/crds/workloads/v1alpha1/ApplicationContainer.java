package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  @JsonPropertyDescription("Environment variables.")
  private List<ApplicationEnvVar> env;

  @JsonPropertyDescription(
      "CPU and memory requests and limits, e.g. {requests: {cpu: 100m, memory: 128Mi}}.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("When the container can take traffic.")
  private ApplicationProbe readinessProbe;

  @JsonPropertyDescription("When the container must be restarted.")
  private ApplicationProbe livenessProbe;

  @JsonPropertyDescription("Holds off the other probes until the container has started.")
  private ApplicationProbe startupProbe;

  @JsonPropertyDescription("Volumes of spec.volumes (or claim templates) this container sees.")
  @Size(max = 32)
  private List<ApplicationVolumeMount> volumeMounts;

  public List<ApplicationVolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  public void setVolumeMounts(List<ApplicationVolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
  }

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

  public List<ApplicationEnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<ApplicationEnvVar> env) {
    this.env = env;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public ApplicationProbe getReadinessProbe() {
    return readinessProbe;
  }

  public void setReadinessProbe(ApplicationProbe readinessProbe) {
    this.readinessProbe = readinessProbe;
  }

  public ApplicationProbe getLivenessProbe() {
    return livenessProbe;
  }

  public void setLivenessProbe(ApplicationProbe livenessProbe) {
    this.livenessProbe = livenessProbe;
  }

  public ApplicationProbe getStartupProbe() {
    return startupProbe;
  }

  public void setStartupProbe(ApplicationProbe startupProbe) {
    this.startupProbe = startupProbe;
  }

  public List<ApplicationPort> getPorts() {
    return ports;
  }

  public void setPorts(List<ApplicationPort> ports) {
    this.ports = ports;
  }

  /** Requests and limits by resource name (cpu, memory, ephemeral-storage). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceRequirements {
    @JsonPropertyDescription("Resources the scheduler reserves.")
    private Map<String, Quantity> requests;

    @JsonPropertyDescription("Resources the container may not exceed.")
    private Map<String, Quantity> limits;

    public Map<String, Quantity> getRequests() {
      return requests;
    }

    public void setRequests(Map<String, Quantity> requests) {
      this.requests = requests;
    }

    public Map<String, Quantity> getLimits() {
      return limits;
    }

    public void setLimits(Map<String, Quantity> limits) {
      this.limits = limits;
    }
  }
}
