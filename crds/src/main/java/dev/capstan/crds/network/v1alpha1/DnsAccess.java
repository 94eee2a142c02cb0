package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the cluster DNS runs. A posture that denies egress always allows DNS to it, on UDP and TCP
 * 53; a posture that denies ingress in the DNS namespace keeps the DNS pods reachable from every
 * namespace on those ports.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DnsAccess {

  public static final String DEFAULT_NAMESPACE = "kube-system";
  public static final Map<String, String> DEFAULT_POD_LABELS = Map.of("k8s-app", "kube-dns");

  @JsonPropertyDescription("The namespace of the DNS pods (default kube-system).")
  @Default(DEFAULT_NAMESPACE)
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String namespace = DEFAULT_NAMESPACE;

  @JsonPropertyDescription("The labels of the DNS pods (default k8s-app: kube-dns).")
  @ValidationRule(
      value =
          "(has(self.matchLabels) && size(self.matchLabels) > 0)"
              + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message =
          "dns.podSelector must name labels of the DNS pods (or be left out for k8s-app: kube-dns)")
  private Selector podSelector;

  @JsonPropertyDescription(
      "Extra DNS addresses outside the pod network, e.g. a NodeLocal DNSCache address"
          + " 169.254.20.10/32.")
  @Size(max = 4)
  private List<CidrBlock> cidrs = new ArrayList<>();

  public DnsAccess() {}

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Selector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(Selector podSelector) {
    this.podSelector = podSelector;
  }

  public List<CidrBlock> getCidrs() {
    return cidrs;
  }

  public void setCidrs(List<CidrBlock> cidrs) {
    this.cidrs = cidrs;
  }
}
