package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Requests this policy admits without checks or defaults. Static names only, no selectors, and kept
 * in the cluster-scoped policy so that tenants cannot exempt themselves with labels.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyExemptions {

  @JsonPropertyDescription("Namespaces whose pods are exempt, by exact name.")
  @Size(max = 256)
  private List<@Size(max = 253) String> namespaces;

  @JsonPropertyDescription(
      "Requesting users (exact authenticated names, e.g. system:serviceaccount:ns:name) exempt.")
  @Size(max = 256)
  private List<@Size(max = 253) String> usernames;

  @JsonPropertyDescription("Pods with one of these spec.runtimeClassName values are exempt.")
  @Size(max = 256)
  private List<@Size(max = 253) String> runtimeClasses;

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public List<String> getUsernames() {
    return usernames;
  }

  public void setUsernames(List<String> usernames) {
    this.usernames = usernames;
  }

  public List<String> getRuntimeClasses() {
    return runtimeClasses;
  }

  public void setRuntimeClasses(List<String> runtimeClasses) {
    this.runtimeClasses = runtimeClasses;
  }
}
