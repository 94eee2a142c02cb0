package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One matchExpressions entry of a {@link Selector}, as in metav1.LabelSelectorRequirement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.operator in ['In', 'NotIn'] ? (has(self.values) && size(self.values) > 0)"
            + " : (!has(self.values) || size(self.values) == 0)",
    message =
        "matchExpressions: operators In and NotIn need at least one value; Exists and DoesNotExist"
            + " take no values")
public class SelectorRequirement {

  @JsonPropertyDescription("The label key, e.g. app.kubernetes.io/name.")
  @Required
  @Size(min = 1, max = 317)
  private String key;

  @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
  @Required
  private SelectorOperator operator;

  @JsonPropertyDescription("The values for In and NotIn; empty for Exists and DoesNotExist.")
  @Size(max = 64)
  private List<String> values;

  public SelectorRequirement() {}

  public SelectorRequirement(String key, SelectorOperator operator, List<String> values) {
    this.key = key;
    this.operator = operator;
    this.values = values;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public SelectorOperator getOperator() {
    return operator;
  }

  public void setOperator(SelectorOperator operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values;
  }
}
