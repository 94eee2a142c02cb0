package dev.capstan.workloads.runtime;

/** Names this controller application reports itself under. */
final class Controllers {

  /** The controller application: lease {@code capstan-workload-controllers}. */
  static final String APPLICATION = "workload-controllers";

  /** {@code reportingController} of the Events it records. */
  static final String REPORTING_CONTROLLER = "capstan.dev/" + APPLICATION;

  private Controllers() {}
}
