package dev.capstan.crds.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The driver's endpoint and what Capstan publishes and runs for it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.storageClasses) || self.storageClasses.filter(c, has(c.default) && c.default).size() <= 1",
    message = "at most one storage class may be the default")
@ValidationRule(
    value =
        "!has(self.storageClasses) || self.storageClasses.all(c, self.storageClasses.filter(d, d.name == c.name).size() == 1)",
    message = "storage class names must be unique")
public class StorageBackendSpec {

  @JsonPropertyDescription(
      "The driver's gRPC endpoint: unix:///path/to/csi.sock or tcp://host:port.")
  @Required
  @Size(min = 8, max = 512)
  @Pattern("^(unix:///[^\\s]+|tcp://[^\\s/:]+:[0-9]{1,5})$")
  private String endpoint;

  @JsonPropertyDescription(
      "Whether volumes must be attached (ControllerPublishVolume) before a node mounts them;"
          + " written to the CSIDriver object, where it cannot change afterwards.")
  @Default("true")
  private Boolean attachRequired = true;

  @JsonPropertyDescription("Provisioner options.")
  private ProvisionerOptions provisioner = new ProvisionerOptions();

  @JsonPropertyDescription("Attacher options (used when attachRequired).")
  private AttacherOptions attacher = new AttacherOptions();

  @JsonPropertyDescription("StorageClasses to publish with this driver as provisioner.")
  @Size(max = 16)
  private List<StorageClassTemplate> storageClasses = new ArrayList<>();

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public Boolean getAttachRequired() {
    return attachRequired;
  }

  public void setAttachRequired(Boolean attachRequired) {
    this.attachRequired = attachRequired;
  }

  public ProvisionerOptions getProvisioner() {
    return provisioner;
  }

  public void setProvisioner(ProvisionerOptions provisioner) {
    this.provisioner = provisioner;
  }

  public AttacherOptions getAttacher() {
    return attacher;
  }

  public void setAttacher(AttacherOptions attacher) {
    this.attacher = attacher;
  }

  public List<StorageClassTemplate> getStorageClasses() {
    return storageClasses;
  }

  public void setStorageClasses(List<StorageClassTemplate> storageClasses) {
    this.storageClasses = storageClasses;
  }
}
