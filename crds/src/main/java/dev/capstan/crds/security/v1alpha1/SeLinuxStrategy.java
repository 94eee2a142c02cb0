package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which SELinux context pods and containers may use, and the default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.rule != 'MustRunAs' || has(self.seLinuxOptions)",
    message =
        "rule MustRunAs needs seLinuxOptions: the user, role, type and level every pod must use")
public class SeLinuxStrategy {

  /** The SELinux rules of PodSecurityPolicy. */
  public enum Rule {
    /** The context must equal seLinuxOptions; it is the default. */
    MustRunAs,
    /** Any context; no default. */
    RunAsAny
  }

  @JsonPropertyDescription("MustRunAs or RunAsAny.")
  @Required
  private Rule rule;

  @JsonPropertyDescription("The required context for MustRunAs.")
  private SeLinuxOptions seLinuxOptions;

  public SeLinuxStrategy() {}

  public SeLinuxStrategy(Rule rule, SeLinuxOptions seLinuxOptions) {
    this.rule = rule;
    this.seLinuxOptions = seLinuxOptions;
  }

  public Rule getRule() {
    return rule;
  }

  public void setRule(Rule rule) {
    this.rule = rule;
  }

  public SeLinuxOptions getSeLinuxOptions() {
    return seLinuxOptions;
  }

  public void setSeLinuxOptions(SeLinuxOptions seLinuxOptions) {
    this.seLinuxOptions = seLinuxOptions;
  }
}
