package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An inclusive range of user or group IDs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.min <= self.max",
    message = "min must not be greater than max; swap them or fix the range")
public class IdRange {

  @JsonPropertyDescription("The smallest ID in the range.")
  @Required
  @Min(0)
  @Max(2147483647)
  private Long min;

  @JsonPropertyDescription("The largest ID in the range.")
  @Required
  @Min(0)
  @Max(2147483647)
  private Long max;

  public IdRange() {}

  public IdRange(long min, long max) {
    this.min = min;
    this.max = max;
  }

  public Long getMin() {
    return min;
  }

  public void setMin(Long min) {
    this.min = min;
  }

  public Long getMax() {
    return max;
  }

  public void setMax(Long max) {
    this.max = max;
  }
}
