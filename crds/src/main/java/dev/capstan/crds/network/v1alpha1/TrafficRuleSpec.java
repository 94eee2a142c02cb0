package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficRuleSpec {

  @JsonPropertyDescription("The source pods.")
  @Required
  private TrafficSource from;

  @JsonPropertyDescription("The destination pods, in this namespace.")
  @Required
  private TrafficDestination to;

  @JsonPropertyDescription(
      "The destination ports: numbers, ranges (port..endPort) or named container ports of the"
          + " destination pods; a port entry with only a protocol allows every port of it.")
  @Required
  @Size(min = 1, max = 32)
  private List<NetworkPort> ports = new ArrayList<>();

  public TrafficRuleSpec() {}

  public TrafficSource getFrom() {
    return from;
  }

  public void setFrom(TrafficSource from) {
    this.from = from;
  }

  public TrafficDestination getTo() {
    return to;
  }

  public void setTo(TrafficDestination to) {
    this.to = to;
  }

  public List<NetworkPort> getPorts() {
    return ports;
  }

  public void setPorts(List<NetworkPort> ports) {
    this.ports = ports;
  }
}
