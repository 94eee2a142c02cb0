package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The answer for one pod pair, with the policies that decided each direction. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PairResult {

  @JsonPropertyDescription("The client pod, namespace/name.")
  private String from;

  @JsonPropertyDescription("The server pod, namespace/name.")
  private String to;

  @JsonPropertyDescription("The destination port number (a named port resolved on the server).")
  private Integer port;

  @JsonPropertyDescription("Allowed, Denied, Undefined or InvalidNamedPort.")
  private PairVerdict verdict;

  @JsonPropertyDescription("Whether the client's egress allows the connection.")
  private Boolean egressAllowed;

  @JsonPropertyDescription("Whether the server's ingress allows the connection.")
  private Boolean ingressAllowed;

  @JsonPropertyDescription(
      "What decided egress: the allowing rule, the isolating policies, or not isolated.")
  private String egress;

  @JsonPropertyDescription(
      "What decided ingress: the allowing rule, the isolating policies, or not isolated.")
  private String ingress;

  @JsonPropertyDescription("Caveats, e.g. why the pair is undefined or an ipBlock matched a pod.")
  private List<String> notes = new ArrayList<>();

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public PairVerdict getVerdict() {
    return verdict;
  }

  public void setVerdict(PairVerdict verdict) {
    this.verdict = verdict;
  }

  public Boolean getEgressAllowed() {
    return egressAllowed;
  }

  public void setEgressAllowed(Boolean egressAllowed) {
    this.egressAllowed = egressAllowed;
  }

  public Boolean getIngressAllowed() {
    return ingressAllowed;
  }

  public void setIngressAllowed(Boolean ingressAllowed) {
    this.ingressAllowed = ingressAllowed;
  }

  public String getEgress() {
    return egress;
  }

  public void setEgress(String egress) {
    this.egress = egress;
  }

  public String getIngress() {
    return ingress;
  }

  public void setIngress(String ingress) {
    this.ingress = ingress;
  }

  public List<String> getNotes() {
    return notes;
  }

  public void setNotes(List<String> notes) {
    this.notes = notes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PairResult)) {
      return false;
    }
    PairResult that = (PairResult) o;
    return Objects.equals(from, that.from)
        && Objects.equals(to, that.to)
        && Objects.equals(port, that.port)
        && verdict == that.verdict
        && Objects.equals(egressAllowed, that.egressAllowed)
        && Objects.equals(ingressAllowed, that.ingressAllowed)
        && Objects.equals(egress, that.egress)
        && Objects.equals(ingress, that.ingress)
        && Objects.equals(notes, that.notes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        from, to, port, verdict, egressAllowed, ingressAllowed, egress, ingress, notes);
  }
}
