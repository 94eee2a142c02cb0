package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** An SELinux context, as in a pod's securityContext.seLinuxOptions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeLinuxOptions {

  @JsonPropertyDescription("SELinux user label.")
  @Size(max = 253)
  private String user;

  @JsonPropertyDescription("SELinux role label.")
  @Size(max = 253)
  private String role;

  @JsonPropertyDescription("SELinux type label.")
  @Size(max = 253)
  private String type;

  @JsonPropertyDescription("SELinux level label (e.g. s0:c1,c2; categories compare as a set).")
  @Size(max = 253)
  private String level;

  public SeLinuxOptions() {}

  public SeLinuxOptions(String user, String role, String type, String level) {
    this.user = user;
    this.role = role;
    this.type = type;
    this.level = level;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getLevel() {
    return level;
  }

  public void setLevel(String level) {
    this.level = level;
  }
}
