package dev.capstan.workloads.application;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile preconditions on the workload kind: one dependent per kind, applied only while the
 * Application asks for that kind. When the kind changes, the old kind's precondition turns false
 * and JOSDK deletes that workload, while the new one is created: no update across kinds, so no
 * crash loop on a selector or a kind that cannot change in place.
 */
public final class WorkloadPreconditions {

  private WorkloadPreconditions() {}

  abstract static class KindIs<R extends HasMetadata> implements Condition<R, Application> {
    private final WorkloadKind kind;

    KindIs(WorkloadKind kind) {
      this.kind = kind;
    }

    @Override
    public boolean isMet(
        DependentResource<R, Application> dependent, Application app, Context<Application> ctx) {
      return app.getSpec().getWorkload() == kind;
    }
  }

  public static class IsDeployment extends KindIs<Deployment> {
    public IsDeployment() {
      super(WorkloadKind.Deployment);
    }
  }

  public static class IsStatefulSet extends KindIs<StatefulSet> {
    public IsStatefulSet() {
      super(WorkloadKind.StatefulSet);
    }
  }

  /** The headless Service lives exactly as long as the StatefulSet. */
  public static class IsStatefulSetService extends KindIs<Service> {
    public IsStatefulSetService() {
      super(WorkloadKind.StatefulSet);
    }
  }

  public static class IsDaemonSet extends KindIs<DaemonSet> {
    public IsDaemonSet() {
      super(WorkloadKind.DaemonSet);
    }
  }

  public static class IsJob extends KindIs<Job> {
    public IsJob() {
      super(WorkloadKind.Job);
    }
  }

  public static class IsCronJob extends KindIs<CronJob> {
    public IsCronJob() {
      super(WorkloadKind.CronJob);
    }
  }
}
