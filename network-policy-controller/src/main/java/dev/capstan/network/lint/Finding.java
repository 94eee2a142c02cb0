package dev.capstan.network.lint;

/** One risky pattern in one NetworkPolicy. */
public record Finding(Code code, Severity severity, String policy, String field, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  /** What is risky; see {@link NetworkPolicyLinter}. */
  public enum Code {
    /** Egress is denied but no egress rule allows DNS on UDP 53 and TCP 53. */
    DEFAULT_DENY_EGRESS_WITHOUT_DNS,
    /**
     * policyTypes left out: egress rules silently isolate ingress too, an empty policy only
     * ingress.
     */
    IMPLICIT_POLICY_TYPES,
    /** Port 53 without a protocol relies on the TCP default; DNS is mostly UDP. */
    PORT_53_WITHOUT_PROTOCOL,
    /** An ipBlock covers (part of) the pod CIDR; ipBlock is undefined for pod IPs. */
    IP_BLOCK_COVERS_POD_CIDR,
    /** endPort: CNIs without support apply only port; invalid ranges are rejected. */
    END_PORT_USED
  }

  @Override
  public String toString() {
    return severity + " " + code + " " + policy + " " + field + ": " + message;
  }
}
