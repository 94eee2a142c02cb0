package dev.capstan.crds.network.v1alpha1;

/** The transport protocols NetworkPolicy defines; ICMP and others are undefined there. */
public enum Protocol {
  TCP,
  UDP,
  SCTP
}
