package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which RuntimeClasses pods may use, and the default for pods that name none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.defaultRuntimeClassName) || '*' in self.allowedRuntimeClassNames"
            + " || self.defaultRuntimeClassName in self.allowedRuntimeClassNames",
    message =
        "defaultRuntimeClassName must be one of allowedRuntimeClassNames: add it there (or allow"
            + " '*') or change the default")
@ValidationRule(
    value = "!('*' in self.allowedRuntimeClassNames) || size(self.allowedRuntimeClassNames) == 1",
    message =
        "'*' allows every RuntimeClass and must be the only entry of allowedRuntimeClassNames")
public class RuntimeClassPolicy {

  @JsonPropertyDescription(
      "RuntimeClass names pods may use; * allows any, empty allows none. Pods without one are"
          + " always allowed.")
  @Required
  @Size(max = 64)
  private List<@Size(max = 253) String> allowedRuntimeClassNames;

  @JsonPropertyDescription("RuntimeClass set on pods that name none.")
  @Size(min = 1, max = 253)
  private String defaultRuntimeClassName;

  public RuntimeClassPolicy() {}

  public RuntimeClassPolicy(List<String> allowedRuntimeClassNames, String defaultRuntimeClassName) {
    this.allowedRuntimeClassNames = allowedRuntimeClassNames;
    this.defaultRuntimeClassName = defaultRuntimeClassName;
  }

  public List<String> getAllowedRuntimeClassNames() {
    return allowedRuntimeClassNames;
  }

  public void setAllowedRuntimeClassNames(List<String> allowedRuntimeClassNames) {
    this.allowedRuntimeClassNames = allowedRuntimeClassNames;
  }

  public String getDefaultRuntimeClassName() {
    return defaultRuntimeClassName;
  }

  public void setDefaultRuntimeClassName(String defaultRuntimeClassName) {
    this.defaultRuntimeClassName = defaultRuntimeClassName;
  }
}
