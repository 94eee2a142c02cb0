package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Something the owner of an intent should read: a part of the intent that could not be realised
 * (Error, the cause of Stalled), a caveat (Warning), or a risky raw NetworkPolicy found next to the
 * generated ones (lint, with its code and the policy it is about).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IntentIssue {

  @JsonPropertyDescription("Error or Warning.")
  private String severity;

  @JsonPropertyDescription(
      "For lint findings, what is risky (e.g. DEFAULT_DENY_EGRESS_WITHOUT_DNS); absent otherwise.")
  private String code;

  @JsonPropertyDescription("For lint findings, the NetworkPolicy as namespace/name.")
  private String policy;

  @JsonPropertyDescription("The field the issue is about, e.g. spec.namespaceSelector.")
  private String field;

  @JsonPropertyDescription("What is wrong and what to do about it.")
  private String message;

  public IntentIssue() {}

  public static IntentIssue of(String severity, String field, String message) {
    IntentIssue issue = new IntentIssue();
    issue.setSeverity(severity);
    issue.setField(field);
    issue.setMessage(message);
    return issue;
  }

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IntentIssue)) {
      return false;
    }
    IntentIssue that = (IntentIssue) o;
    return Objects.equals(severity, that.severity)
        && Objects.equals(code, that.code)
        && Objects.equals(policy, that.policy)
        && Objects.equals(field, that.field)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(severity, code, policy, field, message);
  }
}
