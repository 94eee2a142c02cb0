package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One-line summaries of statuses for debug logs (the model classes have no toString). */
final class StatusText {

  private StatusText() {}

  static String of(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return of(d);
    }
    return workload.getKind()
        + " generation "
        + workload.getMetadata().getGeneration()
        + " rv "
        + workload.getMetadata().getResourceVersion();
  }

  static String of(Deployment d) {
    var s = d.getStatus();
    return "generation "
        + d.getMetadata().getGeneration()
        + " rv "
        + d.getMetadata().getResourceVersion()
        + (s == null
            ? " no status"
            : " observed "
                + s.getObservedGeneration()
                + " replicas "
                + s.getReplicas()
                + " updated "
                + s.getUpdatedReplicas()
                + " available "
                + s.getAvailableReplicas()
                + " ready "
                + s.getReadyReplicas());
  }

  static String of(ApplicationStatus status) {
    if (status == null) {
      return "(none)";
    }
    StringBuilder text =
        new StringBuilder("generation ").append(status.getObservedGeneration()).append(", ");
    text.append(status.getReady());
    for (Condition c : status.getConditions()) {
      text.append(", ")
          .append(c.getType())
          .append('=')
          .append(c.getStatus())
          .append(" (")
          .append(c.getReason())
          .append(")");
    }
    return text.toString();
  }
}
