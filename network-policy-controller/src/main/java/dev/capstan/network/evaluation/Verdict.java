package dev.capstan.network.evaluation;

import dev.capstan.crds.network.v1alpha1.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a query: the source's egress and the destination's ingress, each with what decided
 * it; the connection is allowed only when both allow it. {@code undefinedReasons} is non-empty when
 * NetworkPolicy does not define the outcome (a pod to itself, hostNetwork pods): the booleans then
 * say what the policies say as written. {@code invalidNamedPort}: the destination has no container
 * port of the queried name and protocol, so there is no connection to allow.
 */
public record Verdict(
    String from,
    String to,
    PortRef port,
    Protocol protocol,
    Integer resolvedPort,
    DirectionResult egress,
    DirectionResult ingress,
    List<String> undefinedReasons,
    boolean invalidNamedPort,
    List<String> notes) {

  public Verdict {
    undefinedReasons = List.copyOf(undefinedReasons);
    notes = List.copyOf(notes);
  }

  public boolean egressAllowed() {
    return !invalidNamedPort && egress.allowed();
  }

  public boolean ingressAllowed() {
    return !invalidNamedPort && ingress.allowed();
  }

  /** Egress and ingress both allow it (as written; see {@link #undefined()}). */
  public boolean allowed() {
    return egressAllowed() && ingressAllowed();
  }

  /** True when NetworkPolicy leaves the outcome to the CNI. */
  public boolean undefined() {
    return !undefinedReasons.isEmpty();
  }

  /** One line per fact: the verdict, each direction, and the caveats. */
  public List<String> explanation() {
    List<String> lines = new ArrayList<>();
    String what = from + " -> " + to + " " + protocol + "/" + port;
    if (invalidNamedPort) {
      lines.add(
          what
              + ": invalid named port, "
              + to
              + " declares no "
              + protocol
              + " container port named "
              + port.name());
      return lines;
    }
    String p = port.isNamed() ? port.name() + "=" + resolvedPort : port.toString();
    lines.add(
        from
            + " -> "
            + to
            + " "
            + protocol
            + "/"
            + p
            + ": "
            + (allowed() ? "allowed" : "denied")
            + (undefined() ? " as written, but undefined" : ""));
    lines.add(egress.explain());
    lines.add(ingress.explain());
    undefinedReasons.forEach(r -> lines.add("undefined: " + r));
    lines.addAll(notes);
    return lines;
  }
}
