package dev.capstan.network.evaluation;

/** The two isolation directions of NetworkPolicy. */
public enum Direction {
  INGRESS("Ingress", "ingress"),
  EGRESS("Egress", "egress");

  private final String policyType;
  private final String field;

  Direction(String policyType, String field) {
    this.policyType = policyType;
    this.field = field;
  }

  /** The policyTypes value: Ingress or Egress. */
  public String policyType() {
    return policyType;
  }

  /** The spec field holding the rules: ingress or egress. */
  public String field() {
    return field;
  }
}
