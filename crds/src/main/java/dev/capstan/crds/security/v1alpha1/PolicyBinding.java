package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Where a policy applies and who may use it. A policy governs the namespaces its namespaceSelector
 * matches (all when unset); there a pod must be admitted by one policy its requester may use.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.rbacUse) && self.rbacUse && has(self.subjects) && size(self.subjects) > 0)",
    message =
        "name who may use the policy one way: list subjects, or set rbacUse and grant the use verb"
            + " through RBAC, not both")
public class PolicyBinding {

  @JsonPropertyDescription(
      "Namespaces the policy governs, by label (kubernetes.io/metadata.name selects by name). Unset"
          + " means every namespace.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Who may use the policy: the pod's service account, or the requesting user or group. Unset"
          + " or empty means everyone (unless rbacUse is set).")
  @Size(max = 256)
  private List<PolicySubject> subjects;

  @JsonPropertyDescription(
      "PodSecurityPolicy-compatible binding: the policy may be used by a pod whose service account,"
          + " or whose requesting user, is granted the verb use on this podsecuritypolicies.security"
          + ".capstan.dev resource by RBAC (a RoleBinding grants it in its namespace only).")
  private Boolean rbacUse;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public List<PolicySubject> getSubjects() {
    return subjects;
  }

  public void setSubjects(List<PolicySubject> subjects) {
    this.subjects = subjects;
  }

  public Boolean getRbacUse() {
    return rbacUse;
  }

  public void setRbacUse(Boolean rbacUse) {
    this.rbacUse = rbacUse;
  }
}
