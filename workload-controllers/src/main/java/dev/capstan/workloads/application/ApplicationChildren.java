package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every child an Application wants, in apply order: the pure whole that the dependents apply piece
 * by piece.
 */
public final class ApplicationChildren {

  private ApplicationChildren() {}

  public static List<HasMetadata> desired(Application app) {
    List<HasMetadata> children = new ArrayList<>();
    DesiredConfigMap.of(app).ifPresent(children::add);
    children.addAll(DesiredClaims.of(app).values());
    switch (app.getSpec().getWorkload()) {
      case Deployment -> children.add(DesiredDeployment.of(app));
      case StatefulSet -> {
        DesiredHeadlessService.of(app).ifPresent(children::add);
        children.add(DesiredStatefulSet.of(app));
      }
      case DaemonSet -> children.add(DesiredDaemonSet.of(app));
      case Job -> children.add(DesiredJob.of(app));
      case CronJob -> children.add(DesiredCronJob.of(app));
    }
    DesiredService.of(app).ifPresent(children::add);
    DesiredIngress.of(app).ifPresent(children::add);
    DesiredAutoscaler.of(app).ifPresent(children::add);
    DesiredDisruptionBudget.of(app).ifPresent(children::add);
    return children;
  }
}
