package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

class StatusOnlyUpdatesTest {

  private final StatusOnlyUpdates.OfAutoscaler autoscalers = new StatusOnlyUpdates.OfAutoscaler();
  private final StatusOnlyUpdates.OfDisruptionBudget budgets =
      new StatusOnlyUpdates.OfDisruptionBudget();

  @Test
  void anAutoscalerStatusWriteIsDropped() {
    HorizontalPodAutoscaler before = autoscaler(3);
    HorizontalPodAutoscaler after =
        new HorizontalPodAutoscalerBuilder(before)
            .editMetadata()
            .withResourceVersion("2")
            .endMetadata()
            .withNewStatus()
            .withDesiredReplicas(2)
            .withCurrentReplicas(1)
            .endStatus()
            .build();

    assertThat(autoscalers.accept(after, before)).isFalse();
  }

  @Test
  void anAutoscalerSpecEditPasses() {
    assertThat(autoscalers.accept(autoscaler(5), autoscaler(3))).isTrue();
  }

  @Test
  void metadataThatMattersPasses() {
    HorizontalPodAutoscaler before = autoscaler(3);
    HorizontalPodAutoscaler relabelled =
        new HorizontalPodAutoscalerBuilder(before)
            .editMetadata()
            .addToLabels("app.kubernetes.io/managed-by", "someone-else")
            .endMetadata()
            .build();
    HorizontalPodAutoscaler orphaned =
        new HorizontalPodAutoscalerBuilder(before)
            .editMetadata()
            .withOwnerReferences()
            .endMetadata()
            .build();
    HorizontalPodAutoscaler deleting =
        new HorizontalPodAutoscalerBuilder(before)
            .editMetadata()
            .withDeletionTimestamp("2026-11-27T20:00:00Z")
            .endMetadata()
            .build();
    HorizontalPodAutoscaler annotated =
        new HorizontalPodAutoscalerBuilder(before)
            .editMetadata()
            .addToAnnotations("note", "x")
            .endMetadata()
            .build();

    assertThat(autoscalers.accept(relabelled, before)).isTrue();
    assertThat(autoscalers.accept(orphaned, before)).isTrue();
    assertThat(autoscalers.accept(deleting, before)).isTrue();
    assertThat(autoscalers.accept(annotated, before)).isTrue();
  }

  @Test
  void aDisruptionBudgetStatusWriteIsDroppedAndASpecEditPasses() {
    PodDisruptionBudget before = budget(1);
    PodDisruptionBudget statusOnly =
        new PodDisruptionBudgetBuilder(before)
            .editMetadata()
            .withResourceVersion("2")
            .endMetadata()
            .withNewStatus()
            .withCurrentHealthy(1)
            .withDesiredHealthy(0)
            .withExpectedPods(1)
            .withDisruptionsAllowed(1)
            .endStatus()
            .build();

    assertThat(budgets.accept(statusOnly, before)).isFalse();
    assertThat(budgets.accept(budget(2), before)).isTrue();
  }

  private static HorizontalPodAutoscaler autoscaler(int maxReplicas) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withResourceVersion("1")
        .addToLabels("app.kubernetes.io/managed-by", "capstan")
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withKind("Application")
                .withName("web")
                .withUid("u-1")
                .withController(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withMinReplicas(1)
        .withMaxReplicas(maxReplicas)
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("web")
        .endScaleTargetRef()
        .endSpec()
        .build();
  }

  private static PodDisruptionBudget budget(int maxUnavailable) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withResourceVersion("1")
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(maxUnavailable))
        .endSpec()
        .build();
  }
}
