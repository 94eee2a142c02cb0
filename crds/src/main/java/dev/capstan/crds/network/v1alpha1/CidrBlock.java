package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * An IP range outside the cluster, minus some sub-ranges. The except entries are checked by the
 * controller (and by the apiserver on the generated NetworkPolicy), not by CEL: the CRD generator
 * cannot bound the length of list items, and CEL on unbounded strings exceeds the CRD cost budget.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "isCIDR(self.cidr)",
    message = "cidr must be an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32")
@ValidationRule(
    value = "!isCIDR(self.cidr) || cidr(self.cidr).masked() == cidr(self.cidr)",
    message =
        "cidr has host bits set: write the network address, e.g. 10.0.0.0/8 instead of 10.1.2.3/8")
public class CidrBlock {

  @JsonPropertyDescription(
      "The range, e.g. 203.0.113.0/24. Pod IPs are never targeted by CIDR (they change, and"
          + " NetworkPolicy leaves ipBlock behaviour for pod IPs undefined): a range inside the"
          + " cluster's pod CIDR is refused, a range around it gets the pod CIDR as an except.")
  @Required
  @Size(min = 3, max = 49)
  @Pattern("^[0-9a-fA-F:.]+/[0-9]{1,3}$")
  private String cidr;

  @JsonPropertyDescription(
      "Sub-ranges of cidr that this block does not allow. Another rule may still allow them:"
          + " NetworkPolicy cannot deny.")
  @Size(max = 16)
  private List<String> except = new ArrayList<>();

  public CidrBlock() {}

  public CidrBlock(String cidr, List<String> except) {
    this.cidr = cidr;
    this.except = new ArrayList<>(except);
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public List<String> getExcept() {
    return except;
  }

  public void setExcept(List<String> except) {
    this.except = except;
  }
}
