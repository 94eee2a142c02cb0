package dev.capstan.crds.workloads.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Where clients reach the application's Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationAddress {

  @JsonPropertyDescription("In-cluster DNS name of the Service, <name>.<namespace>.svc.")
  private String dnsName;

  @JsonPropertyDescription("The Service's cluster IP.")
  private String clusterIP;

  @JsonPropertyDescription("External IPs or host names of a LoadBalancer Service, once assigned.")
  private List<String> loadBalancer;

  public String getDnsName() {
    return dnsName;
  }

  public void setDnsName(String dnsName) {
    this.dnsName = dnsName;
  }

  public String getClusterIP() {
    return clusterIP;
  }

  public void setClusterIP(String clusterIP) {
    this.clusterIP = clusterIP;
  }

  public List<String> getLoadBalancer() {
    return loadBalancer;
  }

  public void setLoadBalancer(List<String> loadBalancer) {
    this.loadBalancer = loadBalancer;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApplicationAddress that
        && Objects.equals(dnsName, that.dnsName)
        && Objects.equals(clusterIP, that.clusterIP)
        && Objects.equals(loadBalancer, that.loadBalancer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dnsName, clusterIP, loadBalancer);
  }
}
