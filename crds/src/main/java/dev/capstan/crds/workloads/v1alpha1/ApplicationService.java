package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/** How the application is exposed: a Service named after the application, selecting its pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationService {

  @JsonPropertyDescription("ClusterIP, NodePort or LoadBalancer.")
  @Default("ClusterIP")
  private Type type = Type.ClusterIP;

  @JsonPropertyDescription("Ports of the Service.")
  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q.name == p.name))",
      message = "service.ports: every port needs a unique name")
  private List<ServicePort> ports = new ArrayList<>();

  public enum Type {
    ClusterIP,
    NodePort,
    LoadBalancer
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServicePort {
    @JsonPropertyDescription("Port name.")
    @Required
    @Size(max = 15)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    @JsonPropertyDescription("Port the Service listens on.")
    @Required
    @Min(1)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription("Container port number or name; defaults to port.")
    private IntOrString targetPort;

    @JsonPropertyDescription("TCP, UDP or SCTP.")
    @Default("TCP")
    private ApplicationPort.Protocol protocol = ApplicationPort.Protocol.TCP;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Integer getPort() {
      return port;
    }

    public void setPort(Integer port) {
      this.port = port;
    }

    public IntOrString getTargetPort() {
      return targetPort;
    }

    public void setTargetPort(IntOrString targetPort) {
      this.targetPort = targetPort;
    }

    public ApplicationPort.Protocol getProtocol() {
      return protocol;
    }

    public void setProtocol(ApplicationPort.Protocol protocol) {
      this.protocol = protocol;
    }
  }

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public List<ServicePort> getPorts() {
    return ports;
  }

  public void setPorts(List<ServicePort> ports) {
    this.ports = ports;
  }
}
