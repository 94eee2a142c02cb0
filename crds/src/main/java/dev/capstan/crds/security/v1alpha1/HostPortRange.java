package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An inclusive range of host ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.min <= self.max",
    message = "min must not be greater than max; swap them or fix the range")
public class HostPortRange {

  @JsonPropertyDescription("The first allowed host port.")
  @Required
  @Min(0)
  @Max(65535)
  private Integer min;

  @JsonPropertyDescription("The last allowed host port.")
  @Required
  @Min(0)
  @Max(65535)
  private Integer max;

  public HostPortRange() {}

  public HostPortRange(int min, int max) {
    this.min = min;
    this.max = max;
  }

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }
}
