package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An environment variable: a literal value, or a key of a Secret the application references. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.value) != has(self.secretKeyRef)",
    message = "env: set exactly one of value or secretKeyRef")
public class ApplicationEnvVar {

  @JsonPropertyDescription("Variable name.")
  @Required
  @Pattern("^[-._a-zA-Z][-._a-zA-Z0-9]*$")
  private String name;

  @JsonPropertyDescription("Literal value.")
  private String value;

  @JsonPropertyDescription(
      "A key of a Secret in the application's namespace; the Secret is not managed by Capstan.")
  private SecretKeyRef secretKeyRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public SecretKeyRef getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretKeyRef {
    @JsonPropertyDescription("Secret name.")
    @Required
    private String name;

    @JsonPropertyDescription("Key within the Secret.")
    @Required
    private String key;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }
  }
}
