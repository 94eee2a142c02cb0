package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector (metav1.LabelSelector): every matchLabels entry and every
 * matchExpressions requirement must hold. An empty selector matches everything; fields that must
 * not be empty say so with a CEL rule.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Selector {

  @JsonPropertyDescription("Labels that must all be present with exactly these values.")
  @Size(max = 32)
  private Map<String, String> matchLabels = new LinkedHashMap<>();

  @JsonPropertyDescription("Requirements that must all hold.")
  @Size(max = 16)
  private List<SelectorRequirement> matchExpressions = new ArrayList<>();

  public Selector() {}

  /** A selector with exactly these labels. */
  public static Selector labels(Map<String, String> labels) {
    Selector selector = new Selector();
    selector.setMatchLabels(new LinkedHashMap<>(labels));
    return selector;
  }

  /** True when the selector names no label, so that it matches everything. */
  @JsonIgnore
  public boolean isEmpty() {
    return (matchLabels == null || matchLabels.isEmpty())
        && (matchExpressions == null || matchExpressions.isEmpty());
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }

  public List<SelectorRequirement> getMatchExpressions() {
    return matchExpressions;
  }

  public void setMatchExpressions(List<SelectorRequirement> matchExpressions) {
    this.matchExpressions = matchExpressions;
  }
}
