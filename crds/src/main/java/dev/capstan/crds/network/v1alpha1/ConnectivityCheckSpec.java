package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.port) != has(self.portName)",
    message =
        "set exactly one of port (a number) or portName (a named container port of the"
            + " destination pods)")
public class ConnectivityCheckSpec {

  @JsonPropertyDescription("The client pods.")
  @Required
  private CheckEndpoint from;

  @JsonPropertyDescription("The server pods.")
  @Required
  private CheckEndpoint to;

  @JsonPropertyDescription("The destination port number.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription(
      "A named container port, resolved on each destination pod for the protocol.")
  @Size(min = 1, max = 15)
  @Pattern("^[a-z0-9]+(-[a-z0-9]+)*$")
  private String portName;

  @JsonPropertyDescription("TCP (default), UDP or SCTP.")
  @Default("TCP")
  private Protocol protocol = Protocol.TCP;

  public ConnectivityCheckSpec() {}

  public CheckEndpoint getFrom() {
    return from;
  }

  public void setFrom(CheckEndpoint from) {
    this.from = from;
  }

  public CheckEndpoint getTo() {
    return to;
  }

  public void setTo(CheckEndpoint to) {
    this.to = to;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getPortName() {
    return portName;
  }

  public void setPortName(String portName) {
    this.portName = portName;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }
}
