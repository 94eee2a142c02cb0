package dev.capstan.crds.security.v1alpha1;

/** The Pod Security Standards levels; lower case because they are the API's values. */
public enum PodSecurityLevel {
  /** Unrestricted. */
  privileged,
  /** Prevents known privilege escalations; allows the default pod configuration. */
  baseline,
  /** Baseline plus current pod hardening best practice. */
  restricted
}
