package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One side of a ConnectivityCheck: a pod by name, or the pods matching a selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.pod) != has(self.podSelector)",
    message = "set exactly one of pod (a pod name) or podSelector (labels)")
@ValidationRule(
    value =
        "!has(self.podSelector)"
            + " || (has(self.podSelector.matchLabels) && size(self.podSelector.matchLabels) > 0)"
            + " || (has(self.podSelector.matchExpressions)"
            + " && size(self.podSelector.matchExpressions) > 0)",
    message =
        "podSelector must name labels: an empty selector would check every pod of the namespace;"
            + " use pod for a single pod")
public class CheckEndpoint {

  @JsonPropertyDescription("The namespace of the pods; left out, the ConnectivityCheck's own.")
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String namespace;

  @JsonPropertyDescription("A pod name.")
  @Size(min = 1, max = 253)
  private String pod;

  @JsonPropertyDescription("The pods with these labels.")
  private Selector podSelector;

  public CheckEndpoint() {}

  public static CheckEndpoint pod(String namespace, String pod) {
    CheckEndpoint e = new CheckEndpoint();
    e.setNamespace(namespace);
    e.setPod(pod);
    return e;
  }

  public static CheckEndpoint selector(String namespace, Selector podSelector) {
    CheckEndpoint e = new CheckEndpoint();
    e.setNamespace(namespace);
    e.setPodSelector(podSelector);
    return e;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public Selector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(Selector podSelector) {
    this.podSelector = podSelector;
  }
}
