package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationPort {

  @JsonPropertyDescription("Port name (an IANA_SVC_NAME), referable from probes and Services.")
  @Pattern("^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Port number the container listens on.")
  @Required
  @Min(1)
  @Max(65535)
  private Integer containerPort;

  @JsonPropertyDescription("TCP, UDP or SCTP.")
  @Default("TCP")
  private Protocol protocol = Protocol.TCP;

  public enum Protocol {
    TCP,
    UDP,
    SCTP
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getContainerPort() {
    return containerPort;
  }

  public void setContainerPort(Integer containerPort) {
    this.containerPort = containerPort;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }
}
