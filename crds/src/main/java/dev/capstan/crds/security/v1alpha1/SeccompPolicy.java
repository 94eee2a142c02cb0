package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which seccomp profiles pods may use, and the default for pods that set none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeccompPolicy {

  @JsonPropertyDescription(
      "Allowed profiles: runtime/default (docker/default is the same), unconfined,"
          + " localhost/<path>, or * for any. Matched against the pod and container"
          + " securityContext.seccompProfile fields (and the legacy annotations).")
  @Size(max = 64)
  @ValidationRule(
      value =
          "self.all(p, p == '*' || p == 'runtime/default' || p == 'docker/default'"
              + " || p == 'unconfined' || p.matches('^localhost/.+$'))",
      message =
          "each profile must be *, runtime/default, docker/default, unconfined or"
              + " localhost/<path>")
  private List<@Size(max = 512) String> allowedProfiles;

  @JsonPropertyDescription(
      "Profile set on spec.securityContext.seccompProfile of pods that set none at pod level.")
  @Size(max = 512)
  @ValidationRule(
      value =
          "self == 'runtime/default' || self == 'docker/default' || self == 'unconfined'"
              + " || self.matches('^localhost/.+$')",
      message =
          "defaultProfile must be runtime/default, docker/default, unconfined or"
              + " localhost/<path>")
  private String defaultProfile;

  public SeccompPolicy() {}

  public SeccompPolicy(List<String> allowedProfiles, String defaultProfile) {
    this.allowedProfiles = allowedProfiles;
    this.defaultProfile = defaultProfile;
  }

  public List<String> getAllowedProfiles() {
    return allowedProfiles;
  }

  public void setAllowedProfiles(List<String> allowedProfiles) {
    this.allowedProfiles = allowedProfiles;
  }

  public String getDefaultProfile() {
    return defaultProfile;
  }

  public void setDefaultProfile(String defaultProfile) {
    this.defaultProfile = defaultProfile;
  }
}
