package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Which directions a posture isolates: everything not allowed explicitly is then denied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DefaultDeny {

  @JsonPropertyDescription("Deny all ingress that no rule allows (default true).")
  @Default("true")
  private Boolean ingress = Boolean.TRUE;

  @JsonPropertyDescription(
      "Deny all egress that no rule allows (default true). DNS to the cluster DNS stays allowed.")
  @Default("true")
  private Boolean egress = Boolean.TRUE;

  public DefaultDeny() {}

  public DefaultDeny(boolean ingress, boolean egress) {
    this.ingress = ingress;
    this.egress = egress;
  }

  public Boolean getIngress() {
    return ingress;
  }

  public void setIngress(Boolean ingress) {
    this.ingress = ingress;
  }

  public Boolean getEgress() {
    return egress;
  }

  public void setEgress(Boolean egress) {
    this.egress = egress;
  }
}
