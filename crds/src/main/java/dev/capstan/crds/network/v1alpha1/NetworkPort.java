package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A destination port: one number, a range (port..endPort), a named container port of the
 * destination pod, or, with neither, every port of the protocol.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.port) && has(self.portName))",
    message = "set either port (a number) or portName (a named container port), not both")
@ValidationRule(
    value = "!has(self.endPort) || !has(self.portName)",
    message =
        "endPort cannot be used with portName: a named port is a single port; use a numeric port"
            + " with endPort for a range")
@ValidationRule(
    value = "!has(self.endPort) || has(self.port)",
    message = "endPort needs port: set port to the first port of the range")
@ValidationRule(
    value = "!has(self.endPort) || !has(self.port) || self.endPort >= self.port",
    message = "endPort must be greater than or equal to port")
public class NetworkPort {

  @JsonPropertyDescription(
      "TCP (default), UDP or SCTP. Always explicit in the generated NetworkPolicy.")
  @Default("TCP")
  private Protocol protocol = Protocol.TCP;

  @JsonPropertyDescription(
      "The destination port number, or the first port of a range with endPort. Leave port and"
          + " portName unset to allow every port of the protocol.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription(
      "The last port of the range port..endPort (inclusive). Some CNIs ignore endPort and apply"
          + " only port.")
  @Min(1)
  @Max(65535)
  private Integer endPort;

  @JsonPropertyDescription(
      "A named container port (IANA service name), resolved on the destination pod's containers"
          + " for this protocol; pods without a port of that name are not reachable by it.")
  @Size(min = 1, max = 15)
  @Pattern("^[a-z0-9]+(-[a-z0-9]+)*$")
  @ValidationRule(
      value = "self.matches('[a-z]')",
      message = "portName must contain at least one letter (an IANA service name such as http)")
  private String portName;

  public NetworkPort() {}

  /** One numeric port. */
  public static NetworkPort of(Protocol protocol, int port) {
    NetworkPort p = new NetworkPort();
    p.setProtocol(protocol);
    p.setPort(port);
    return p;
  }

  /** The inclusive range port..endPort. */
  public static NetworkPort range(Protocol protocol, int port, int endPort) {
    NetworkPort p = of(protocol, port);
    p.setEndPort(endPort);
    return p;
  }

  /** A named container port of the destination pod. */
  public static NetworkPort named(Protocol protocol, String portName) {
    NetworkPort p = new NetworkPort();
    p.setProtocol(protocol);
    p.setPortName(portName);
    return p;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Integer getEndPort() {
    return endPort;
  }

  public void setEndPort(Integer endPort) {
    this.endPort = endPort;
  }

  public String getPortName() {
    return portName;
  }

  public void setPortName(String portName) {
    this.portName = portName;
  }
}
