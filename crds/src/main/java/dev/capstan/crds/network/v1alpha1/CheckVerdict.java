package dev.capstan.crds.network.v1alpha1;

/** The verdict of a whole ConnectivityCheck, over all its pod pairs. */
public enum CheckVerdict {
  /** Every defined pair is allowed. */
  Allowed,
  /** Every defined pair is denied. */
  Denied,
  /** Some pairs are allowed, some denied. */
  Mixed,
  /** Every pair is undefined (loopback, hostNetwork) or has no such named port. */
  Undefined,
  /** No pod matches from or to. */
  NoPods
}
