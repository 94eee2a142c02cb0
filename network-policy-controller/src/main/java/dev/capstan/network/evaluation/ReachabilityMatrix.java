package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * All pod pairs of a snapshot for one port and protocol. Cell (from, to) is allowed when the
 * source's egress and the destination's ingress both allow it. Cells of a pod to itself and of
 * hostNetwork pods are {@link #undefined undefined}; destinations without the queried named port
 * are {@link #invalidNamedPort invalid}.
 */
public final class ReachabilityMatrix {

  private final NetworkPolicyEvaluator evaluator;
  private final List<PodInfo> pods;
  private final Map<String, Integer> index;
  private final PortRef port;
  private final Protocol protocol;
  private final BitSet[] egressRows;
  private final BitSet[] ingressColumns;
  private final BitSet validDestinations;

  ReachabilityMatrix(
      NetworkPolicyEvaluator evaluator,
      List<PodInfo> pods,
      Map<String, Integer> index,
      PortRef port,
      Protocol protocol,
      BitSet[] egressRows,
      BitSet[] ingressColumns,
      BitSet validDestinations) {
    this.evaluator = evaluator;
    this.pods = pods;
    this.index = index;
    this.port = port;
    this.protocol = protocol;
    this.egressRows = egressRows;
    this.ingressColumns = ingressColumns;
    this.validDestinations = validDestinations;
  }

  public List<PodInfo> pods() {
    return pods;
  }

  public PortRef port() {
    return port;
  }

  public Protocol protocol() {
    return protocol;
  }

  public boolean egressAllowed(int from, int to) {
    return validDestinations.get(to) && egressRows[from].get(to);
  }

  public boolean ingressAllowed(int from, int to) {
    return validDestinations.get(to) && ingressColumns[to].get(from);
  }

  /** Both directions allow it (as written; see {@link #undefined}). */
  public boolean allowed(int from, int to) {
    return egressAllowed(from, to) && ingressAllowed(from, to);
  }

  public boolean allowed(String from, String to) {
    return allowed(indexOf(from), indexOf(to));
  }

  /** A pod to itself, or a hostNetwork pod at either end. */
  public boolean undefined(int from, int to) {
    return from == to || pods.get(from).hostNetwork() || pods.get(to).hostNetwork();
  }

  /** The queried named port does not exist on the destination. */
  public boolean invalidNamedPort(int to) {
    return !validDestinations.get(to);
  }

  /** The allowed pairs, counting undefined cells as written. */
  public long countAllowed() {
    long count = 0;
    for (int s = 0; s < pods.size(); s++) {
      BitSet row = egressRows[s];
      for (int d = row.nextSetBit(0); d >= 0; d = row.nextSetBit(d + 1)) {
        if (validDestinations.get(d) && ingressColumns[d].get(s)) {
          count++;
        }
      }
    }
    return count;
  }

  /** The explained verdict of one cell. */
  public Verdict explain(String from, String to) {
    return evaluator.evaluate(pods.get(indexOf(from)), pods.get(indexOf(to)), port, protocol);
  }

  public int indexOf(String podKey) {
    Integer i = index.get(podKey);
    if (i == null) {
      throw new IllegalArgumentException("no pod " + podKey + " in the matrix");
    }
    return i;
  }

  /**
   * The truth table as the Kubernetes e2e netpol suite prints it: rows are sources, columns
   * destinations; '.' allowed, 'X' denied, '-' undefined (loopback, hostNetwork), '?' no such named
   * port.
   */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(protocol).append('/').append(port).append('\n').append("from\\to");
    pods.forEach(p -> sb.append('\t').append(p.key()));
    sb.append('\n');
    for (int s = 0; s < pods.size(); s++) {
      sb.append(pods.get(s).key());
      for (int d = 0; d < pods.size(); d++) {
        char c = invalidNamedPort(d) ? '?' : undefined(s, d) ? '-' : allowed(s, d) ? '.' : 'X';
        sb.append('\t').append(c);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
