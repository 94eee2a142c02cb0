package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which group IDs may be used (runAsGroup, supplementalGroups, fsGroup), and the default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.rule == 'RunAsAny' || (has(self.ranges) && size(self.ranges) > 0)",
    message =
        "rules MustRunAs and MayRunAs need at least one range: add ranges (min, max) or use"
            + " RunAsAny")
@ValidationRule(
    value = "self.rule != 'RunAsAny' || !has(self.ranges) || size(self.ranges) == 0",
    message =
        "ranges are only used by rules MustRunAs and MayRunAs: remove them or change the rule")
public class GroupStrategy {

  /** The group rules of PodSecurityPolicy. */
  public enum Rule {
    /** Must be set and in a range; defaults to the first range's min. */
    MustRunAs,
    /** May be unset; when set must be in a range; no default. */
    MayRunAs,
    /** Anything; no default. */
    RunAsAny
  }

  @JsonPropertyDescription("MustRunAs, MayRunAs or RunAsAny.")
  @Required
  private Rule rule;

  @JsonPropertyDescription("Allowed group IDs; for MustRunAs the first range's min is the default.")
  @Size(max = 32)
  private List<IdRange> ranges;

  public GroupStrategy() {}

  public GroupStrategy(Rule rule, List<IdRange> ranges) {
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
