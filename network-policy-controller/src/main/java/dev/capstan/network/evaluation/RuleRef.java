package dev.capstan.network.evaluation;

/**
 * One rule of one policy that allowed a connection: {@code ns/policy ingress[0]} plus which peer
 * and which port matched.
 */
public record RuleRef(
    String policy, Direction direction, int ruleIndex, String peer, String port, boolean ipBlock) {

  @Override
  public String toString() {
    return policy + " " + direction.field() + "[" + ruleIndex + "] (" + peer + "; " + port + ")";
  }
}
