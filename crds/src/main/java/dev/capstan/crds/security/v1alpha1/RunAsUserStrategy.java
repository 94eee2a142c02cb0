package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which user IDs containers may run as, and the default when they set none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.rule != 'MustRunAs' || (has(self.ranges) && size(self.ranges) > 0)",
    message = "rule MustRunAs needs at least one range: add ranges (min, max) or use RunAsAny")
@ValidationRule(
    value = "self.rule == 'MustRunAs' || !has(self.ranges) || size(self.ranges) == 0",
    message = "ranges are only used by rule MustRunAs: remove them or change the rule")
public class RunAsUserStrategy {

  /** The runAsUser rules of PodSecurityPolicy. */
  public enum Rule {
    /** runAsUser must be set and in a range; defaults to the first range's min. */
    MustRunAs,
    /** runAsNonRoot must be true or runAsUser non-zero; defaults runAsNonRoot=true. */
    MustRunAsNonRoot,
    /** Any user; no default. */
    RunAsAny
  }

  @JsonPropertyDescription("MustRunAs, MustRunAsNonRoot or RunAsAny.")
  @Required
  private Rule rule;

  @JsonPropertyDescription("Allowed user IDs for MustRunAs; the first range's min is the default.")
  @Size(max = 32)
  private List<IdRange> ranges;

  public RunAsUserStrategy() {}

  public RunAsUserStrategy(Rule rule, List<IdRange> ranges) {
    this.rule = rule;
    this.ranges = ranges;
  }

  public Rule getRule() {
    return rule;
  }

  public void setRule(Rule rule) {
    this.rule = rule;
  }

  public List<IdRange> getRanges() {
    return ranges;
  }

  public void setRanges(List<IdRange> ranges) {
    this.ranges = ranges;
  }
}
