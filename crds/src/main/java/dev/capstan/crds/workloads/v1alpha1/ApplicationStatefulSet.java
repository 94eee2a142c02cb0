package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What only a StatefulSet has: its headless Service, per-replica storage, ordered rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationStatefulSet {

  @JsonPropertyDescription(
      "Name of the headless Service that gives every replica a stable DNS name"
          + " (<pod>.<serviceName>); Capstan creates it. Defaults to <application>-headless."
          + " Immutable once the StatefulSet exists.")
  @Size(max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  private String serviceName;

  @JsonPropertyDescription(
      "OrderedReady (default: one pod at a time, each Ready before the next) or Parallel.")
  @Default("OrderedReady")
  private PodManagementPolicy podManagementPolicy = PodManagementPolicy.OrderedReady;

  @JsonPropertyDescription(
      "Only replicas with an ordinal at or above the partition take a new revision; lower ones"
          + " stay on the old one (phased rollout).")
  @Min(0)
  private Integer partition;

  @JsonPropertyDescription(
      "Per-replica persistent volumes: every replica gets its own claim from each template,"
          + " mounted into every container. Immutable once the StatefulSet exists.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(v, self.exists_one(w, w.name == v.name))",
      message = "statefulSet.volumeClaimTemplates: every template needs a unique name")
  private List<ApplicationVolumeClaim> volumeClaimTemplates;

  public enum PodManagementPolicy {
    OrderedReady,
    Parallel
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public PodManagementPolicy getPodManagementPolicy() {
    return podManagementPolicy;
  }

  public void setPodManagementPolicy(PodManagementPolicy podManagementPolicy) {
    this.podManagementPolicy = podManagementPolicy;
  }

  public Integer getPartition() {
    return partition;
  }

  public void setPartition(Integer partition) {
    this.partition = partition;
  }

  public List<ApplicationVolumeClaim> getVolumeClaimTemplates() {
    return volumeClaimTemplates;
  }

  public void setVolumeClaimTemplates(List<ApplicationVolumeClaim> volumeClaimTemplates) {
    this.volumeClaimTemplates = volumeClaimTemplates;
  }
}
