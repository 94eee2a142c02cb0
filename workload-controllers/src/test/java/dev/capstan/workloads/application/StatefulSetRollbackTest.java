package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRollout;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import dev.capstan.workloads.application.Rollback.Verdict;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Automatic rollback with StatefulSet inputs: the shared decision, and the forced rollback. */
class StatefulSetRollbackTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final String UID = "sts-uid";
  private static final String GOOD_REVISION = "web-good";
  private static final String BAD_REVISION = "web-bad";

  private static final Supplier<List<Pod>> NO_PODS_ASKED =
      () -> {
        throw new AssertionError("pods must not be listed here");
      };

  /**
   * The spec's revision (web:2) is rolling out on a StatefulSet that has observed it, with one pod
   * of the update revision; a last good revision (web:1) exists unless said otherwise.
   */
  record DecisionCase(
      String name,
      Integer deadlineSeconds,
      Pod updateRevisionPod,
      Verdict verdict,
      String reason,
      boolean watchPods) {}

  static Stream<DecisionCase> decisionCases() {
    return Stream.of(
        new DecisionCase(
            "crash-looping pod",
            null,
            pod("web-1", BAD_REVISION, restarts(0, "CrashLoopBackOff"), notReadyFor(5)),
            Verdict.ROLLED_BACK,
            Rollback.CRASH_LOOP,
            false),
        new DecisionCase(
            "restarted up to the threshold",
            null,
            pod("web-1", BAD_REVISION, restarts(Rollback.CRASH_RESTARTS, null), notReadyFor(5)),
            Verdict.ROLLED_BACK,
            Rollback.CRASH_LOOP,
            false),
        new DecisionCase(
            "not Ready, within the default deadline",
            null,
            pod("web-1", BAD_REVISION, restarts(0, null), notReadyFor(590)),
            Verdict.PROGRESSING,
            null,
            true),
        new DecisionCase(
            "not Ready beyond the default deadline",
            null,
            pod("web-1", BAD_REVISION, restarts(0, null), notReadyFor(610)),
            Verdict.ROLLED_BACK,
            WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED,
            false),
        new DecisionCase(
            "not Ready beyond the spec's deadline",
            30,
            pod("web-1", BAD_REVISION, restarts(0, null), notReadyFor(31)),
            Verdict.ROLLED_BACK,
            WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED,
            false),
        new DecisionCase(
            "Pending, never scheduled, created beyond the deadline",
            30,
            pendingPod("web-1", BAD_REVISION, NOW.minusSeconds(31)),
            Verdict.ROLLED_BACK,
            WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED,
            false),
        new DecisionCase(
            "Pending, created within the deadline",
            30,
            pendingPod("web-1", BAD_REVISION, NOW.minusSeconds(29)),
            Verdict.PROGRESSING,
            null,
            true),
        new DecisionCase(
            "Ready pod, rollout going on",
            30,
            pod("web-1", BAD_REVISION, restarts(0, null), readySince(300)),
            Verdict.PROGRESSING,
            null,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisionCases")
  void aStatefulSetRevisionFailsOnCrashLoopsOrPodsNotReadyPastTheDeadline(DecisionCase c) {
    Application good = app("web:1", null);
    Application app = withLastGood(app("web:2", c.deadlineSeconds()), good);

    Rollback decision = decide(app, rollingOut(app), () -> List.of(c.updateRevisionPod()));

    assertThat(decision.verdict()).isEqualTo(c.verdict());
    assertThat(decision.watchPods()).isEqualTo(c.watchPods());
    if (c.verdict() == Verdict.ROLLED_BACK) {
      assertThat(decision.template()).isEqualTo(PodTemplates.of(good, null));
      assertThat(decision.failed().getSpecHash()).isEqualTo(Rollback.specHash(app));
      assertThat(decision.failed().getReason()).isEqualTo(c.reason());
      assertThat(decision.failed().getMessage()).contains("web-1");
      assertThat(decision.workloadAnnotations())
          .containsEntry(Rollback.ROLLED_BACK_FROM, Rollback.specHash(app))
          .containsEntry(Rollback.SPEC_HASH, Rollback.specHash(good));
    } else {
      assertThat(decision.template()).isEqualTo(PodTemplates.of(app, null));
      assertThat(decision.failed()).isNull();
    }
  }

  @Test
  void anAvailableStatefulSetRevisionBecomesTheLastGoodOne() {
    Application app = app("web:1", null);
    Rollback decision = decide(app, available(app), NO_PODS_ASKED);
    assertThat(decision.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(decision.lastGood().getSpecHash()).isEqualTo(Rollback.specHash(app));
  }

  @Test
  void noPodsAreListedWithNothingToRollBackToOrBeforeTheGenerationIsObserved() {
    Application first = app("web:1", null);
    assertThat(decide(first, rollingOut(first), NO_PODS_ASKED).verdict())
        .isEqualTo(Verdict.PROGRESSING);

    Application app = withLastGood(app("web:2", null), app("web:1", null));
    StatefulSet stale = rollingOut(app);
    stale.getMetadata().setGeneration(5L);
    assertThat(decide(app, stale, NO_PODS_ASKED).verdict()).isEqualTo(Verdict.PROGRESSING);
  }

  @Test
  void aLastGoodRevisionOfAnotherKindIsNotRestored() {
    Application deployment = app("web:1", null);
    deployment.getSpec().setWorkload(WorkloadKind.Deployment);
    Application app = withLastGood(app("web:2", null), deployment);
    Rollback decision =
        decide(
            app,
            rollingOut(app),
            () -> List.of(pod("web-1", BAD_REVISION, restarts(5, null), notReadyFor(5))));
    assertThat(decision.verdict()).isEqualTo(Verdict.PROGRESSING);
    assertThat(decision.template()).isEqualTo(PodTemplates.of(app, null));

    // Recorded before StatefulSets were rolled back: no kind, so a Deployment's.
    app.getStatus().getLastGoodRevision().setWorkload(null);
    assertThat(decide(app, rollingOut(app), NO_PODS_ASKED).verdict())
        .isEqualTo(Verdict.PROGRESSING);
    app.getStatus().getLastGoodRevision().setWorkload(WorkloadKind.StatefulSet);
    assertThat(
            decide(
                    app,
                    rollingOut(app),
                    () -> List.of(pod("web-1", BAD_REVISION, restarts(5, null), notReadyFor(5))))
                .verdict())
        .isEqualTo(Verdict.ROLLED_BACK);
  }

  @Test
  void aLostStatusWriteDoesNotRetryTheFailedRevision() {
    Application good = app("web:1", null);
    Application app = withLastGood(app("web:2", null), good);
    Rollback first =
        decide(
            app,
            rollingOut(app),
            () -> List.of(pod("web-1", BAD_REVISION, restarts(5, null), notReadyFor(5))));
    assertThat(first.rolledBack()).isTrue();

    // The restored template was applied with the record; the status write was lost.
    StatefulSet restored = rollingOut(good);
    restored.getMetadata().setAnnotations(first.workloadAnnotations());
    Rollback next = decide(app, restored, NO_PODS_ASKED);
    assertThat(next.verdict()).isEqualTo(Verdict.ROLLED_BACK);
    assertThat(next.failed()).isEqualTo(first.failed());
    assertThat(next.template()).isEqualTo(PodTemplates.of(good, null));
  }

  @Test
  void forcedRollbackIsDueOnceTheRestoredTemplateIsObservedAndUntilAvailable() {
    Application good = app("web:1", null);
    Application app = withLastGood(app("web:2", null), good);
    Rollback rolledBack =
        decide(
            app,
            rollingOut(app),
            () -> List.of(pod("web-1", BAD_REVISION, restarts(5, null), notReadyFor(5))));

    StatefulSet restored = rollingOut(good);
    restored.getMetadata().setAnnotations(rolledBack.workloadAnnotations());
    assertThat(ForcedRollback.due(rolledBack, Optional.of(restored))).isTrue();

    StatefulSet notYetObserved = rollingOut(good);
    notYetObserved.getMetadata().setAnnotations(rolledBack.workloadAnnotations());
    notYetObserved.getMetadata().setGeneration(5L);
    assertThat(ForcedRollback.due(rolledBack, Optional.of(notYetObserved)))
        .as("a pod deleted now could come back from the failed template")
        .isFalse();
    assertThat(ForcedRollback.due(rolledBack, Optional.of(rollingOut(app))))
        .as("still the failed template")
        .isFalse();
    StatefulSet back = available(good);
    back.getMetadata().setAnnotations(rolledBack.workloadAnnotations());
    assertThat(ForcedRollback.due(rolledBack, Optional.of(back))).isFalse();
    Rollback healthy = decide(good, available(good), NO_PODS_ASKED);
    assertThat(ForcedRollback.due(healthy, Optional.of(available(good)))).isFalse();
    assertThat(ForcedRollback.due(rolledBack, Optional.empty())).isFalse();
  }

  @Test
  void onlyThisStatefulSetsNotReadyPodsOnAnotherRevisionFromThePartitionUpAreDeleted() {
    StatefulSet restored = rollingOut(app("web:1", null));
    restored.getStatus().setUpdateRevision(GOOD_REVISION);
    restored.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(1);
    Pod stuck = pod("web-2", BAD_REVISION, restarts(5, "CrashLoopBackOff"), notReadyFor(30));
    Pod stuckBelowPartition =
        pod("web-0", BAD_REVISION, restarts(5, "CrashLoopBackOff"), notReadyFor(30));
    Pod goodNotReadyYet = pod("web-1", GOOD_REVISION, restarts(0, null), notReadyFor(1));
    Pod readyOnOldRevision = pod("web-3", BAD_REVISION, restarts(0, null), readySince(30));
    Pod terminating = pod("web-4", BAD_REVISION, restarts(5, null), notReadyFor(30));
    terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:09:59Z");
    Pod someoneElses = pod("web-5", BAD_REVISION, restarts(5, null), notReadyFor(30));
    someoneElses.getMetadata().getOwnerReferences().get(0).setUid("other-uid");
    Pod notAnOrdinal = pod("web-x", BAD_REVISION, restarts(5, null), notReadyFor(30));

    assertThat(
            ForcedRollback.stuckPods(
                restored,
                List.of(
                    stuck,
                    stuckBelowPartition,
                    goodNotReadyYet,
                    readyOnOldRevision,
                    terminating,
                    someoneElses,
                    notAnOrdinal)))
        .containsExactly(stuck);
  }

  private static Rollback decide(Application app, StatefulSet observed, Supplier<List<Pod>> pods) {
    return Rollback.decide(
        app,
        PodTemplates.of(app, null),
        Optional.of(ObservedRollout.of(observed, Rollback.progressDeadline(app), pods)),
        NOW);
  }

  private static Application app(String image, Integer deadlineSeconds) {
    Application app = new Application();
    app.setMetadata(
        new ObjectMetaBuilder().withName("web").withNamespace("ns").withGeneration(2L).build());
    ApplicationSpec spec = new ApplicationSpec();
    spec.setWorkload(WorkloadKind.StatefulSet);
    ApplicationContainer container = new ApplicationContainer();
    container.setName("web");
    container.setImage(image);
    spec.setContainers(List.of(container));
    spec.setReplicas(2);
    if (deadlineSeconds != null) {
      ApplicationRollout rollout = new ApplicationRollout();
      rollout.setProgressDeadlineSeconds(deadlineSeconds);
      spec.setRollout(rollout);
    }
    app.setSpec(spec);
    return app;
  }

  private static Application withLastGood(Application app, Application good) {
    ApplicationStatus status = new ApplicationStatus();
    status.setLastGoodRevision(
        Rollback.revision(
            Rollback.specHash(good), good.getSpec().getWorkload(), PodTemplates.of(good, null)));
    app.setStatus(status);
    return app;
  }

  /** {@code of}'s revision rolling out: web-1 updated and not ready, web-0 on the old one. */
  private static StatefulSet rollingOut(Application of) {
    StatefulSet statefulSet = statefulSet(of);
    statefulSet.getStatus().setReadyReplicas(1);
    statefulSet.getStatus().setAvailableReplicas(1);
    statefulSet.getStatus().setUpdatedReplicas(1);
    statefulSet.getStatus().setCurrentRevision(GOOD_REVISION);
    statefulSet.getStatus().setUpdateRevision(BAD_REVISION);
    return statefulSet;
  }

  private static StatefulSet available(Application of) {
    StatefulSet statefulSet = statefulSet(of);
    statefulSet.getStatus().setCurrentRevision(GOOD_REVISION);
    statefulSet.getStatus().setUpdateRevision(GOOD_REVISION);
    return statefulSet;
  }

  private static StatefulSet statefulSet(Application of) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("ns")
        .withUid(UID)
        .withGeneration(4L)
        .withAnnotations(new HashMap<>(Map.of(Rollback.SPEC_HASH, Rollback.specHash(of))))
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(0)
        .endRollingUpdate()
        .endUpdateStrategy()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(4L)
        .withReplicas(2)
        .withReadyReplicas(2)
        .withAvailableReplicas(2)
        .withUpdatedReplicas(2)
        .withCurrentReplicas(2)
        .endStatus()
        .build();
  }

  private record Restarts(int count, String waitingReason) {}

  private record Readiness(boolean ready, Instant since) {}

  private static Restarts restarts(int count, String waitingReason) {
    return new Restarts(count, waitingReason);
  }

  private static Readiness notReadyFor(long seconds) {
    return new Readiness(false, NOW.minusSeconds(seconds));
  }

  private static Readiness readySince(long seconds) {
    return new Readiness(true, NOW.minusSeconds(seconds));
  }

  private static Pod pod(String name, String revision, Restarts restarts, Readiness readiness) {
    var container =
        podBuilder(name, revision, NOW.minusSeconds(3600))
            .withNewStatus()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus(readiness.ready() ? "True" : "False")
            .withLastTransitionTime(readiness.since().toString())
            .endCondition()
            .addNewContainerStatus()
            .withName("web")
            .withRestartCount(restarts.count());
    if (restarts.waitingReason() != null) {
      container
          .withNewState()
          .withNewWaiting()
          .withReason(restarts.waitingReason())
          .endWaiting()
          .endState();
    }
    return container.endContainerStatus().endStatus().build();
  }

  private static Pod pendingPod(String name, String revision, Instant created) {
    return podBuilder(name, revision, created)
        .withNewStatus()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .endCondition()
        .endStatus()
        .build();
  }

  private static PodBuilder podBuilder(String name, String revision, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .withCreationTimestamp(created.toString())
        .addToLabels(RollbackContext.STATEFUL_SET_REVISION, revision)
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("StatefulSet")
        .withName("web")
        .withUid(UID)
        .withController(true)
        .endOwnerReference()
        .endMetadata();
  }
}
