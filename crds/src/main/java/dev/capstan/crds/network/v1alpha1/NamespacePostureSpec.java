package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!(has(self.allowFromNamespaces) && size(self.allowFromNamespaces) > 0"
            + " && has(self.defaultDeny) && has(self.defaultDeny.ingress)"
            + " && !self.defaultDeny.ingress)",
    message =
        "spec.allowFromNamespaces needs defaultDeny.ingress: true (with ingress open it allows"
            + " nothing more, and its NetworkPolicy would isolate the pods); remove it or deny"
            + " ingress")
@ValidationRule(
    value =
        "!(has(self.monitoring) && has(self.defaultDeny) && has(self.defaultDeny.ingress)"
            + " && !self.defaultDeny.ingress)",
    message =
        "spec.monitoring needs defaultDeny.ingress: true (with ingress open scraping is allowed"
            + " already); remove it or deny ingress")
@ValidationRule(
    value =
        "!(has(self.allowEgressTo) && size(self.allowEgressTo) > 0"
            + " && has(self.defaultDeny) && has(self.defaultDeny.egress)"
            + " && !self.defaultDeny.egress)",
    message =
        "spec.allowEgressTo needs defaultDeny.egress: true (with egress open it allows nothing"
            + " more, and its NetworkPolicy would isolate the pods); remove it or deny egress")
public class NamespacePostureSpec {

  @JsonPropertyDescription(
      "The namespaces this posture applies to, by label. Select by name with the label"
          + " kubernetes.io/metadata.name.")
  @Required
  @ValidationRule(
      value =
          "(has(self.matchLabels) && size(self.matchLabels) > 0)"
              + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message =
          "spec.namespaceSelector must name labels: an empty selector would put every namespace,"
              + " kube-system included, behind this posture")
  private Selector namespaceSelector;

  @JsonPropertyDescription("Which directions are denied unless allowed (both by default).")
  @Default("{}")
  private DefaultDeny defaultDeny = new DefaultDeny();

  @JsonPropertyDescription(
      "The cluster DNS, always reachable on UDP and TCP 53 when egress is denied (default:"
          + " kube-system pods labelled k8s-app: kube-dns).")
  @Default("{}")
  private DnsAccess dns = new DnsAccess();

  @JsonPropertyDescription(
      "Allow traffic between the pods of the same namespace, in each denied direction (default"
          + " true).")
  @Default("true")
  private Boolean allowWithinNamespace = Boolean.TRUE;

  @JsonPropertyDescription("Allow ingress from every pod of namespaces with these labels.")
  @Size(max = 16)
  @ValidationRule(
      value =
          "self.all(s, (has(s.matchLabels) && size(s.matchLabels) > 0)"
              + " || (has(s.matchExpressions) && size(s.matchExpressions) > 0))",
      message =
          "spec.allowFromNamespaces: every selector must name labels; an empty one would allow"
              + " every namespace")
  private List<Selector> allowFromNamespaces = new ArrayList<>();

  @JsonPropertyDescription("Allow egress to these IP ranges outside the cluster.")
  @Size(max = 32)
  private List<CidrBlock> allowEgressTo = new ArrayList<>();

  @JsonPropertyDescription("Allow metrics scrapers to reach every pod on the given ports.")
  private MonitoringAccess monitoring;

  public NamespacePostureSpec() {}

  public Selector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(Selector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public DefaultDeny getDefaultDeny() {
    return defaultDeny;
  }

  public void setDefaultDeny(DefaultDeny defaultDeny) {
    this.defaultDeny = defaultDeny;
  }

  public DnsAccess getDns() {
    return dns;
  }

  public void setDns(DnsAccess dns) {
    this.dns = dns;
  }

  public Boolean getAllowWithinNamespace() {
    return allowWithinNamespace;
  }

  public void setAllowWithinNamespace(Boolean allowWithinNamespace) {
    this.allowWithinNamespace = allowWithinNamespace;
  }

  public List<Selector> getAllowFromNamespaces() {
    return allowFromNamespaces;
  }

  public void setAllowFromNamespaces(List<Selector> allowFromNamespaces) {
    this.allowFromNamespaces = allowFromNamespaces;
  }

  public List<CidrBlock> getAllowEgressTo() {
    return allowEgressTo;
  }

  public void setAllowEgressTo(List<CidrBlock> allowEgressTo) {
    this.allowEgressTo = allowEgressTo;
  }

  public MonitoringAccess getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringAccess monitoring) {
    this.monitoring = monitoring;
  }
}
