package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which AppArmor profiles containers may use, and the default for containers that set none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.defaultProfile) || !has(self.allowedProfiles)"
            + " || self.defaultProfile in self.allowedProfiles",
    message = "defaultProfile must be one of allowedProfiles: add it there or change the default")
public class AppArmorPolicy {

  @JsonPropertyDescription(
      "Allowed profiles: runtime/default, unconfined or localhost/<name>. Unset means any; once"
          + " set, every container must have one of them (field or legacy annotation).")
  @Size(max = 64)
  @ValidationRule(
      value =
          "self.all(p, p == 'runtime/default' || p == 'unconfined' || p.matches('^localhost/.+$'))",
      message = "each profile must be runtime/default, unconfined or localhost/<name>")
  private List<@Size(max = 512) String> allowedProfiles;

  @JsonPropertyDescription(
      "Profile set on spec.securityContext.appArmorProfile of pods that set none at pod level;"
          + " containers that set their own keep it.")
  @Size(max = 512)
  @ValidationRule(
      value = "self == 'runtime/default' || self == 'unconfined' || self.matches('^localhost/.+$')",
      message = "defaultProfile must be runtime/default, unconfined or localhost/<name>")
  private String defaultProfile;

  public AppArmorPolicy() {}

  public AppArmorPolicy(List<String> allowedProfiles, String defaultProfile) {
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
