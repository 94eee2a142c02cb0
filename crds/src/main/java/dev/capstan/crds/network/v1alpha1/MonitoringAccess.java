package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Scrape access: monitoring pods may reach every pod of the namespace on the given ports. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "(has(self.namespaceSelector) && ((has(self.namespaceSelector.matchLabels)"
            + " && size(self.namespaceSelector.matchLabels) > 0)"
            + " || (has(self.namespaceSelector.matchExpressions)"
            + " && size(self.namespaceSelector.matchExpressions) > 0)))"
            + " || (has(self.podSelector) && ((has(self.podSelector.matchLabels)"
            + " && size(self.podSelector.matchLabels) > 0)"
            + " || (has(self.podSelector.matchExpressions)"
            + " && size(self.podSelector.matchExpressions) > 0)))",
    message =
        "monitoring: name the scrapers with labels in namespaceSelector and/or podSelector; with"
            + " both empty every pod of the cluster could scrape")
public class MonitoringAccess {

  @JsonPropertyDescription(
      "Namespaces of the scrapers; left out, the scrapers are looked for in every namespace.")
  private Selector namespaceSelector;

  @JsonPropertyDescription(
      "The scraper pods; left out, every pod of the selected namespaces may scrape.")
  private Selector podSelector;

  @JsonPropertyDescription("The metrics ports of the scraped pods.")
  @Required
  @Size(min = 1, max = 16)
  private List<NetworkPort> ports = new ArrayList<>();

  public MonitoringAccess() {}

  public Selector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(Selector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public Selector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(Selector podSelector) {
    this.podSelector = podSelector;
  }

  public List<NetworkPort> getPorts() {
    return ports;
  }

  public void setPorts(List<NetworkPort> ports) {
    this.ports = ports;
  }
}
