package dev.capstan.workloads.application;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.function.Function;

/**
 * Informer update filters that drop a child's updates which change only its status. The
 * kube-controller-manager rewrites the status of HorizontalPodAutoscalers and PodDisruptionBudgets
 * as pods come and go, and each write would start a full reconcile of the Application although its
 * status reads neither. Changes of spec or metadata (drift to correct, an owner reference removed,
 * a deletion) still pass. A HorizontalPodAutoscaler has no {@code metadata.generation}, so specs
 * are compared, not generations.
 */
public final class StatusOnlyUpdates {

  private StatusOnlyUpdates() {}

  /** For {@link AutoscalerDependent}. */
  public static final class OfAutoscaler extends Filter<HorizontalPodAutoscaler> {
    public OfAutoscaler() {
      super(HorizontalPodAutoscaler::getSpec);
    }
  }

  /** For {@link DisruptionBudgetDependent}. */
  public static final class OfDisruptionBudget extends Filter<PodDisruptionBudget> {
    public OfDisruptionBudget() {
      super(PodDisruptionBudget::getSpec);
    }
  }

  /** Accepts an update unless spec and metadata that matter are unchanged. */
  abstract static class Filter<R extends HasMetadata> implements OnUpdateFilter<R> {
    private final Function<R, Object> spec;

    Filter(Function<R, Object> spec) {
      this.spec = spec;
    }

    @Override
    public boolean accept(R now, R before) {
      return !Objects.equals(spec.apply(now), spec.apply(before))
          || metadataChanged(now.getMetadata(), before.getMetadata());
    }
  }

  static boolean metadataChanged(ObjectMeta now, ObjectMeta before) {
    return !Objects.equals(now.getLabels(), before.getLabels())
        || !Objects.equals(now.getAnnotations(), before.getAnnotations())
        || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp());
  }
}
