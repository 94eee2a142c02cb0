package dev.capstan.crds.network.v1alpha1;

/** The verdict for one (from pod, to pod) pair. */
public enum PairVerdict {
  /** The source's egress and the destination's ingress both allow the connection. */
  Allowed,
  /** At least one direction denies it. */
  Denied,
  /** NetworkPolicy does not define the outcome: a pod to itself, or a hostNetwork pod. */
  Undefined,
  /** The destination pod has no container port of the requested name and protocol. */
  InvalidNamedPort
}
