package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/**
 * A volume of the pod, shared by the containers that mount it: scratch space, files projected from
 * ConfigMaps and Secrets, or a persistent claim shared by every replica.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.emptyDir) ? 1 : 0) + (has(self.projected) ? 1 : 0) + (has(self.claim) ? 1 : 0)"
            + " == 1",
    message = "volumes: set exactly one of emptyDir, projected or claim")
public class ApplicationVolume {

  @JsonPropertyDescription("Volume name, a DNS label unique within the pod.")
  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Scratch space that lives as long as the pod.")
  private EmptyDir emptyDir;

  @JsonPropertyDescription(
      "Files from ConfigMaps and Secrets (not managed by Capstan), in one directory.")
  private Projected projected;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim named <application>-<volume>, created by Capstan and shared by all"
          + " replicas. Removing the volume from the spec keeps the claim and its data (reported in"
          + " status.retainedClaims); delete it by hand when it is no longer needed. Not for"
          + " StatefulSets: use statefulSet.volumeClaimTemplates for per-replica storage.")
  private ApplicationSharedClaim claim;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EmptyDir {
    @JsonPropertyDescription("Memory for a tmpfs; unset for the node's disk.")
    private Medium medium;

    @JsonPropertyDescription("Most the volume may hold, e.g. 1Gi.")
    private Quantity sizeLimit;

    public enum Medium {
      Memory
    }

    public Medium getMedium() {
      return medium;
    }

    public void setMedium(Medium medium) {
      this.medium = medium;
    }

    public Quantity getSizeLimit() {
      return sizeLimit;
    }

    public void setSizeLimit(Quantity sizeLimit) {
      this.sizeLimit = sizeLimit;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Projected {
    @JsonPropertyDescription("The ConfigMaps and Secrets whose keys become files.")
    @Required
    @Size(min = 1, max = 16)
    private List<Source> sources;

    public List<Source> getSources() {
      return sources;
    }

    public void setSources(List<Source> sources) {
      this.sources = sources;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.configMap) != has(self.secret)",
      message = "projected.sources: set exactly one of configMap or secret")
  public static class Source {
    @JsonPropertyDescription("Name of a ConfigMap in the application's namespace.")
    private String configMap;

    @JsonPropertyDescription("Name of a Secret in the application's namespace.")
    private String secret;

    @JsonPropertyDescription("Start the pod even if the object or a key is missing.")
    private Boolean optional;

    public String getConfigMap() {
      return configMap;
    }

    public void setConfigMap(String configMap) {
      this.configMap = configMap;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public Boolean getOptional() {
      return optional;
    }

    public void setOptional(Boolean optional) {
      this.optional = optional;
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public EmptyDir getEmptyDir() {
    return emptyDir;
  }

  public void setEmptyDir(EmptyDir emptyDir) {
    this.emptyDir = emptyDir;
  }

  public Projected getProjected() {
    return projected;
  }

  public void setProjected(Projected projected) {
    this.projected = projected;
  }

  public ApplicationSharedClaim getClaim() {
    return claim;
  }

  public void setClaim(ApplicationSharedClaim claim) {
    this.claim = claim;
  }
}
