package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The pods of the TrafficRule's namespace that the sources may reach. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficDestination {

  @JsonPropertyDescription(
      "The destination pods in this TrafficRule's namespace; {} means every pod of it. Like any"
          + " NetworkPolicy, the generated ingress policy isolates them: they accept only what some"
          + " policy allows.")
  @Required
  private Selector podSelector;

  public TrafficDestination() {}

  public TrafficDestination(Selector podSelector) {
    this.podSelector = podSelector;
  }

  public Selector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(Selector podSelector) {
    this.podSelector = podSelector;
  }
}
