package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The pods a TrafficRule lets in: podSelector AND namespaceSelector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.namespaceSelector)"
            + " || (has(self.namespaceSelector.matchLabels)"
            + " && size(self.namespaceSelector.matchLabels) > 0)"
            + " || (has(self.namespaceSelector.matchExpressions)"
            + " && size(self.namespaceSelector.matchExpressions) > 0)"
            + " || (has(self.podSelector.matchLabels) && size(self.podSelector.matchLabels) > 0)"
            + " || (has(self.podSelector.matchExpressions)"
            + " && size(self.podSelector.matchExpressions) > 0)",
    message =
        "from: an empty namespaceSelector ({}, every namespace) with an empty podSelector would let"
            + " every pod of the cluster in; name the source pods in from.podSelector")
public class TrafficSource {

  @JsonPropertyDescription(
      "The namespaces of the source pods; {} means every namespace. Left out: this TrafficRule's"
          + " namespace.")
  private Selector namespaceSelector;

  @JsonPropertyDescription("The source pods within those namespaces; {} means every pod of them.")
  @Required
  private Selector podSelector;

  public TrafficSource() {}

  public TrafficSource(Selector namespaceSelector, Selector podSelector) {
    this.namespaceSelector = namespaceSelector;
    this.podSelector = podSelector;
  }

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
}
