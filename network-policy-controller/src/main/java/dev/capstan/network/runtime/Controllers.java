package dev.capstan.network.runtime;

/** Names this controller application reports itself under. */
final class Controllers {

  /** The controller application: lease {@code capstan-network-policy-controller}. */
  static final String APPLICATION = "network-policy-controller";

  /** {@code reportingController} of the Events it records. */
  static final String REPORTING_CONTROLLER = "capstan.dev/" + APPLICATION;

  private Controllers() {}
}
