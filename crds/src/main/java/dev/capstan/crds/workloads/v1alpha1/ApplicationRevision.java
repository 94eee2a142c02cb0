package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Objects;

/**
 * A revision of a Deployment or StatefulSet Application, named by the hash of the spec that
 * produced it. The last good one carries its pod template (what automatic rollback restores); a
 * failed one carries why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationRevision {

  @JsonPropertyDescription("Hash of the Application spec that produced this revision.")
  private String specHash;

  @JsonPropertyDescription(
      "The workload kind the last good revision ran as: it is only restored onto the same kind."
          + " Absent on revisions recorded before StatefulSets were rolled back: Deployment.")
  private WorkloadKind workload;

  /**
   * The pod template as Capstan rendered it (only the fields it sets, no server defaults, so a few
   * KB at most). Opaque in the schema: the full PodTemplateSpec schema would add thousands of lines
   * to the CRD for a field only the controller reads.
   */
  @JsonPropertyDescription(
      "Pod template of the last good revision, restored by automatic rollback (set on the last"
          + " good revision only).")
  @PreserveUnknownFields
  @SchemaFrom(type = OpaqueObject.class)
  private PodTemplateSpec template;

  @JsonPropertyDescription("Why the revision failed (set on a failed revision only).")
  private String reason;

  @JsonPropertyDescription("What Capstan saw when the revision failed (set on a failed revision).")
  private String message;

  public String getSpecHash() {
    return specHash;
  }

  public void setSpecHash(String specHash) {
    this.specHash = specHash;
  }

  public WorkloadKind getWorkload() {
    return workload;
  }

  public void setWorkload(WorkloadKind workload) {
    this.workload = workload;
  }

  public PodTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(PodTemplateSpec template) {
    this.template = template;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
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
    if (!(o instanceof ApplicationRevision that)) {
      return false;
    }
    return Objects.equals(specHash, that.specHash)
        && Objects.equals(workload, that.workload)
        && Objects.equals(template, that.template)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(specHash, workload, template, reason, message);
  }

  /** Schema stand-in for a field kept as an arbitrary object. */
  public static final class OpaqueObject {}
}
