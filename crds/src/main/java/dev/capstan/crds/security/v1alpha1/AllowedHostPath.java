package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A host path prefix hostPath volumes may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!self.pathPrefix.matches('(^|/)[.][.](/|$)')",
    message = "pathPrefix must not contain a '..' segment; use the absolute, cleaned path")
public class AllowedHostPath {

  @JsonPropertyDescription(
      "An absolute path prefix, matched segment by segment: /foo allows /foo and /foo/bar, not"
          + " /foobar.")
  @Required
  @Size(min = 1, max = 4096)
  @Pattern("^/")
  private String pathPrefix;

  @JsonPropertyDescription("Every mount of a volume under this prefix must be read-only.")
  private Boolean readOnly;

  public AllowedHostPath() {}

  public AllowedHostPath(String pathPrefix, Boolean readOnly) {
    this.pathPrefix = pathPrefix;
    this.readOnly = readOnly;
  }

  public String getPathPrefix() {
    return pathPrefix;
  }

  public void setPathPrefix(String pathPrefix) {
    this.pathPrefix = pathPrefix;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }
}
