package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Pod Security Standards level at a version, checked in addition to the policy's own fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BaseProfile {

  @JsonPropertyDescription(
      "privileged (no checks), baseline or restricted, checked check by check as the Kubernetes Pod"
          + " Security Standards define them at the version.")
  @Required
  private PodSecurityLevel level;

  @JsonPropertyDescription(
      "The Pod Security Standards version: latest or v1.<minor>, e.g. v1.36. A version keeps the"
          + " checks as they were in that Kubernetes release; one newer than Capstan knows means"
          + " latest.")
  @Default("latest")
  @Pattern("^(latest|v1\\.(0|[1-9][0-9]{0,2}))$")
  private String version = "latest";

  public PodSecurityLevel getLevel() {
    return level;
  }

  public void setLevel(PodSecurityLevel level) {
    this.level = level;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }
}
