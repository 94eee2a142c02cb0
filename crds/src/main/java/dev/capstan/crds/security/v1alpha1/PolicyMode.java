package dev.capstan.crds.security.v1alpha1;

/**
 * What a policy does with a pod it does not admit. The constants are lower case because they are
 * the API's values.
 */
public enum PolicyMode {
  /** Reject the request. */
  enforce,
  /** Admit, and record the violations in the audit log (audit annotation). */
  audit,
  /** Admit, and return the violations to the client as warnings. */
  warn
}
