package dev.capstan.crds.security.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Who may use a policy: a pod's service account, or the requesting user or one of its groups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.kind == 'ServiceAccount' ? has(self.__namespace__) : !has(self.__namespace__)",
    message =
        "a ServiceAccount subject needs a namespace; User and Group subjects must not have one")
public class PolicySubject {

  /** Kinds of subject. */
  public enum Kind {
    /** The pod's spec.serviceAccountName, in the pod's namespace. */
    ServiceAccount,
    /** The requesting user's name, as the apiserver authenticated it. */
    User,
    /** One of the requesting user's groups. */
    Group
  }

  @JsonPropertyDescription("ServiceAccount, User or Group.")
  @Required
  private Kind kind;

  @JsonPropertyDescription("The service account, user or group name.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  @JsonPropertyDescription("The service account's namespace; only for kind ServiceAccount.")
  @Size(min = 1, max = 63)
  private String namespace;

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
