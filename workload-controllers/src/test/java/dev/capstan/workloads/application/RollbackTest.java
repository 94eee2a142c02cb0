package dev.capstan.workloads.application;

import static dev.capstan.workloads.application.Rollback.Verdict.PROGRESSING;
import static dev.capstan.workloads.application.Rollback.Verdict.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationConfig;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import dev.capstan.workloads.application.Rollback.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RollbackTest {

  private static final Supplier<List<Pod>> NO_PODS_ASKED =
      () -> {
        throw new AssertionError("pods must not be listed here");
      };

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final ApplicationStatusFactory factory =
      new ApplicationStatusFactory(
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void anAvailableRevisionOfTheSpecBecomesTheLastGoodOne() {
    Application app = app("web:1");
    Rollback decision = decide(app, deployment(app, 1, 1, null), NO_PODS_ASKED);

    assertThat(decision.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(decision.watchPods()).isFalse();
    assertThat(decision.lastGood().getSpecHash()).isEqualTo(Rollback.specHash(app));
    assertThat(decision.lastGood().getTemplate()).isEqualTo(PodTemplates.of(app, null));
    assertThat(decision.template()).isEqualTo(PodTemplates.of(app, null));
    assertThat(decision.failed()).isNull();
  }

  @Test
  void aRecordedGoodRevisionIsKeptAsStored() {
    Application app = app("web:1");
    ApplicationStatus status = new ApplicationStatus();
    // As read back from the apiserver: not field by field what PodTemplates renders.
    var stored =
        Rollback.revision(
            Rollback.specHash(app),
            WorkloadKind.Deployment,
            new io.fabric8.kubernetes.api.model.PodTemplateSpec());
    status.setLastGoodRevision(stored);
    app.setStatus(status);

    assertThat(decide(app, deployment(app, 1, 1, null), NO_PODS_ASKED).lastGood()).isSameAs(stored);
  }

  @Test
  void deadlineExceededOnTheSpecsRevisionRestoresTheLastGoodTemplate() {
    Application good = app("web:1");
    Application app = withLastGood(app("web:2"), good);

    Rollback decision =
        decide(app, deployment(app, 1, 0, "ProgressDeadlineExceeded"), NO_PODS_ASKED);

    assertThat(decision.verdict()).isEqualTo(Verdict.ROLLED_BACK);
    assertThat(decision.template()).isEqualTo(PodTemplates.of(good, null));
    assertThat(decision.appliedSpecHash()).isEqualTo(Rollback.specHash(good));
    assertThat(decision.failed().getSpecHash()).isEqualTo(Rollback.specHash(app));
    assertThat(decision.failed().getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(decision.failed().getTemplate()).as("no template kept for a failure").isNull();
  }

  @Test
  void aDeploymentThatHasNotObservedItsGenerationIsNotJudged() {
    Application app = withLastGood(app("web:2"), app("web:1"));
    Deployment stale = deployment(app, 1, 0, "ProgressDeadlineExceeded");
    stale.getMetadata().setGeneration(3L);
    stale.getStatus().setObservedGeneration(2L);

    assertThat(decide(app, stale, NO_PODS_ASKED).verdict()).isEqualTo(Verdict.PROGRESSING);
  }

  @Test
  void aDeploymentRunningAnotherSpecsTemplateIsNotJudged() {
    Application app = withLastGood(app("web:2"), app("web:1"));
    Deployment other = deployment(app, 1, 0, "ProgressDeadlineExceeded");
    other.getMetadata().getAnnotations().put(Rollback.SPEC_HASH, "somethingelse");

    Rollback decision = decide(app, other, NO_PODS_ASKED);
    assertThat(decision.verdict()).isEqualTo(Verdict.PROGRESSING);
    assertThat(decision.template()).isEqualTo(PodTemplates.of(app, null));
  }

  @Test
  void crashLoopingPodsOfTheNewRevisionRollBack() {
    Application app = withLastGood(app("web:2"), app("web:1"));
    Rollback decision =
        decide(
            app,
            deployment(app, 2, 1, null),
            () -> List.of(pod("web-a", 0, null), pod("web-b", 1, "CrashLoopBackOff")));

    assertThat(decision.verdict()).isEqualTo(Verdict.ROLLED_BACK);
    assertThat(decision.failed().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(decision.failed().getMessage()).contains("web-b/web");
  }

  @Test
  void restartsCountAsCrashLoopingFromTheThreshold() {
    Application app = withLastGood(app("web:2"), app("web:1"));
    Deployment rolling = deployment(app, 1, 0, null);

    Rollback notYet =
        decide(app, rolling, () -> List.of(pod("web-a", Rollback.CRASH_RESTARTS - 1, null)));
    assertThat(notYet.verdict()).isEqualTo(Verdict.PROGRESSING);
    assertThat(notYet.watchPods()).as("looks again: pods are not watched").isTrue();
    assertThat(
            decide(app, rolling, () -> List.of(pod("web-a", Rollback.CRASH_RESTARTS, null)))
                .verdict())
        .isEqualTo(Verdict.ROLLED_BACK);
  }

  @Test
  void theFirstRevisionHasNothingToRollBackTo() {
    Application app = app("web:1");
    Rollback decision =
        decide(app, deployment(app, 1, 0, "ProgressDeadlineExceeded"), NO_PODS_ASKED);
    assertThat(decision.verdict()).isEqualTo(Verdict.PROGRESSING);
    assertThat(decision.template()).isEqualTo(PodTemplates.of(app, null));
    // The status then reports Stalled from the Deployment, as before.
    assertThat(
            Conditions.isTrue(
                factory
                    .statusFor(app, Optional.of(deployment(app, 1, 0, "ProgressDeadlineExceeded")))
                    .getConditions(),
                Conditions.STALLED))
        .isTrue();
  }

  @Test
  void aFailedRevisionIsHeldWhateverTheDeploymentSaysUntilTheSpecChanges() {
    Application good = app("web:1");
    Application app = withLastGood(app("web:2"), good);
    Rollback failed = decide(app, deployment(app, 1, 0, "ProgressDeadlineExceeded"), NO_PODS_ASKED);
    app.getStatus().setFailedRevision(failed.failed());

    // Next reconciles: the Deployment now runs the good template and is available.
    Deployment restored = deployment(good, 1, 1, null);
    Rollback held = decide(app, restored, NO_PODS_ASKED);
    assertThat(held.verdict()).isEqualTo(Verdict.ROLLED_BACK);
    assertThat(held.template()).isEqualTo(PodTemplates.of(good, null));
    assertThat(held.failed()).isEqualTo(failed.failed());
    assertThat(decide(app, null, NO_PODS_ASKED).verdict()).isEqualTo(Verdict.ROLLED_BACK);

    // The user changes the spec: the new revision is tried, the failure forgotten.
    app.getSpec().getContainers().get(0).setImage("web:3");
    Rollback retried = decide(app, restored, NO_PODS_ASKED);
    assertThat(retried.verdict()).isEqualTo(Verdict.PROGRESSING);
    assertThat(retried.failed()).isNull();
    assertThat(retried.template()).isEqualTo(PodTemplates.of(app, null));
    assertThat(retried.lastGood().getSpecHash()).isEqualTo(Rollback.specHash(good));
  }

  /**
   * The failed revision is remembered twice: in status and on the workload, in the same apply as
   * the restored template. Either is enough to hold the rollback; a spec change clears both.
   */
  record GuardCase(
      String name,
      boolean statusKeepsFailure,
      boolean workloadRecordsFailure,
      boolean specChanged,
      Verdict verdict,
      String appliedImage) {}

  static Stream<GuardCase> guardCases() {
    return Stream.of(
        new GuardCase("status lost after the rollback", false, true, false, ROLLED_BACK, "web:1"),
        new GuardCase("both records agree", true, true, false, ROLLED_BACK, "web:1"),
        new GuardCase("annotations removed by someone", true, false, false, ROLLED_BACK, "web:1"),
        new GuardCase(
            "status lost, then the spec changed", false, true, true, PROGRESSING, "web:3"),
        new GuardCase("spec changed", true, true, true, PROGRESSING, "web:3"),
        // Neither record: nothing says the spec's revision failed, so it is tried again.
        new GuardCase("no record at all", false, false, false, PROGRESSING, "web:2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardCases")
  void theFailedRevisionIsKnownFromStatusOrFromTheWorkload(GuardCase c) {
    Application good = app("web:1");
    Application app = withLastGood(app("web:2"), good);
    Rollback first = decide(app, deployment(app, 1, 0, "ProgressDeadlineExceeded"), NO_PODS_ASKED);
    assertThat(first.verdict()).isEqualTo(ROLLED_BACK);
    // What the rollback applied: the good template, with the failure recorded beside it.
    Deployment restored = deployment(good, 1, 1, null);
    restored.getMetadata().setAnnotations(first.workloadAnnotations());
    if (!c.workloadRecordsFailure()) {
      restored.getMetadata().getAnnotations().remove(Rollback.ROLLED_BACK_FROM);
    }
    if (c.statusKeepsFailure()) {
      app.getStatus().setFailedRevision(first.failed());
    }
    if (c.specChanged()) {
      app.getSpec().getContainers().get(0).setImage("web:3");
    }

    Rollback next = decide(app, restored, NO_PODS_ASKED);

    assertThat(next.verdict()).isEqualTo(c.verdict());
    assertThat(next.template().getSpec().getContainers().get(0).getImage())
        .isEqualTo(c.appliedImage());
    if (c.verdict() == ROLLED_BACK) {
      assertThat(next.failed()).as("rebuilt as first recorded").isEqualTo(first.failed());
      assertThat(next.workloadAnnotations()).isEqualTo(first.workloadAnnotations());
    } else {
      assertThat(next.failed()).isNull();
      assertThat(next.workloadAnnotations())
          .containsOnlyKeys(Rollback.SPEC_HASH)
          .containsEntry(Rollback.SPEC_HASH, Rollback.specHash(app));
    }
  }

  @Test
  void theWorkloadRecordsTheFailureOnlyWhileRolledBack() {
    Application good = app("web:1");
    Application app = withLastGood(app("web:2"), good);
    Rollback rolledBack =
        decide(
            app, deployment(app, 1, 0, null), () -> List.of(pod("web-a", 0, "CrashLoopBackOff")));

    assertThat(rolledBack.workloadAnnotations())
        .containsEntry(Rollback.SPEC_HASH, Rollback.specHash(good))
        .containsEntry(Rollback.ROLLED_BACK_FROM, Rollback.specHash(app))
        .containsEntry(Rollback.ROLLBACK_REASON, Rollback.CRASH_LOOP)
        .containsEntry(Rollback.ROLLBACK_MESSAGE, rolledBack.failed().getMessage());
    Deployment restored = deployment(good, 1, 1, null);
    restored.getMetadata().setAnnotations(rolledBack.workloadAnnotations());
    assertThat(Rollback.recordedFailure(restored.getMetadata().getAnnotations()))
        .contains(rolledBack.failed());
    assertThat(decide(good, deployment(good, 1, 1, null), NO_PODS_ASKED).workloadAnnotations())
        .containsOnlyKeys(Rollback.SPEC_HASH);
  }

  @Test
  void specHashIgnoresMapOrderAndFollowsEveryField() {
    Application a = app("web:1");
    Application b = app("web:1");
    ApplicationConfig configA = new ApplicationConfig();
    Map<String, String> dataA = new LinkedHashMap<>();
    dataA.put("a", "1");
    dataA.put("b", "2");
    configA.setData(dataA);
    a.getSpec().setConfig(configA);
    ApplicationConfig configB = new ApplicationConfig();
    Map<String, String> dataB = new LinkedHashMap<>();
    dataB.put("b", "2");
    dataB.put("a", "1");
    configB.setData(dataB);
    b.getSpec().setConfig(configB);
    assertThat(Rollback.specHash(a)).isEqualTo(Rollback.specHash(b));

    b.getSpec().setReplicas(5);
    assertThat(Rollback.specHash(a)).isNotEqualTo(Rollback.specHash(b));
  }

  @Test
  void statusAndEventsOfARollback() {
    Application good = app("web:1");
    Application app = withLastGood(app("web:2"), good);
    Rollback decision =
        decide(app, deployment(app, 1, 0, "ProgressDeadlineExceeded"), NO_PODS_ASKED);

    // The restored Deployment is available again.
    ApplicationStatus status =
        factory.withRollback(
            app,
            factory.statusFor(app, Optional.of(deployment(good, 1, 1, null))),
            Optional.of(decision));
    Condition rolledBack = condition(status, ApplicationStatusFactory.ROLLED_BACK_CONDITION);
    assertThat(rolledBack.getStatus()).isEqualTo("True");
    assertThat(rolledBack.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(rolledBack.getMessage())
        .contains(Rollback.specHash(app))
        .contains(Rollback.specHash(good));
    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo(ApplicationStatusFactory.ROLLED_BACK);
    assertThat(ready.getMessage()).isEqualTo(rolledBack.getMessage());
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED)).isFalse();
    assertThat(status.getFailedRevision().getSpecHash()).isEqualTo(Rollback.specHash(app));
    assertThat(status.getLastGoodRevision().getSpecHash()).isEqualTo(Rollback.specHash(good));

    List<EventDetails> events = ApplicationEvents.between(app.getStatus(), status);
    assertThat(events)
        .filteredOn(e -> e.reason().equals(ApplicationStatusFactory.ROLLED_BACK))
        .filteredOn(e -> e.type().value().equals("Warning"))
        .hasSize(1);

    // Steady: same status, no Event.
    app.setStatus(status);
    app.getStatus().setFailedRevision(decision.failed());
    ApplicationStatus again =
        factory.withRollback(
            app,
            factory.statusFor(app, Optional.of(deployment(good, 1, 1, null))),
            Optional.of(decide(app, deployment(good, 1, 1, null), NO_PODS_ASKED)));
    assertThat(again).isEqualTo(status);
    assertThat(ApplicationEvents.between(status, again)).isEmpty();

    // A lost status write: failedRevision gone, then written back from the workload's record.
    Deployment restored = deployment(good, 1, 1, null);
    restored.getMetadata().setAnnotations(decision.workloadAnnotations());
    ApplicationStatus lost = copyOf(status);
    lost.setFailedRevision(null);
    app.setStatus(lost);
    ApplicationStatus recovered =
        factory.withRollback(
            app,
            factory.statusFor(app, Optional.of(restored)),
            Optional.of(decide(app, restored, NO_PODS_ASKED)));
    assertThat(recovered.getFailedRevision()).isEqualTo(decision.failed());
    assertThat(ApplicationEvents.between(lost, recovered)).as("no second Event").isEmpty();
  }

  @Test
  void withoutRollbackTheConditionIsFalseOrAbsent() {
    Application app = app("web:1");
    ApplicationStatus status =
        factory.withRollback(
            app,
            factory.statusFor(app, Optional.of(deployment(app, 1, 1, null))),
            Optional.of(decide(app, deployment(app, 1, 1, null), NO_PODS_ASKED)));
    assertThat(condition(status, ApplicationStatusFactory.ROLLED_BACK_CONDITION).getStatus())
        .isEqualTo("False");
    app.setStatus(status);
    ApplicationStatus otherKind =
        factory.withRollback(
            app,
            factory.statusFor(app, Optional.of(deployment(app, 1, 1, null))),
            Optional.empty());
    assertThat(otherKind.getConditions())
        .extracting(Condition::getType)
        .doesNotContain(ApplicationStatusFactory.ROLLED_BACK_CONDITION);
  }

  private static Rollback decide(Application app, Deployment observed, Supplier<List<Pod>> pods) {
    return Rollback.decide(
        app,
        PodTemplates.of(app, null),
        Optional.ofNullable(observed).map(d -> ObservedRollout.of(d, pods)),
        NOW);
  }

  private static Application app(String image) {
    Application app = new Application();
    app.setMetadata(
        new ObjectMetaBuilder().withName("web").withNamespace("ns").withGeneration(2L).build());
    ApplicationSpec spec = new ApplicationSpec();
    ApplicationContainer container = new ApplicationContainer();
    container.setName("web");
    container.setImage(image);
    spec.setContainers(List.of(container));
    spec.setReplicas(1);
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

  /** A Deployment running {@code of}'s revision, observed, with the given progress. */
  private static Deployment deployment(
      Application of, int replicas, int available, String progressingReason) {
    var builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(4L)
            .withAnnotations(new LinkedHashMap<>(Map.of(Rollback.SPEC_HASH, Rollback.specHash(of))))
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(4L)
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(available)
            .withAvailableReplicas(available);
    if (progressingReason != null) {
      builder
          .addNewCondition()
          .withType("Progressing")
          .withStatus("False")
          .withReason(progressingReason)
          .endCondition();
    }
    return builder.endStatus().build();
  }

  private static Pod pod(String name, int restarts, String waitingReason) {
    var container =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewStatus()
            .addNewContainerStatus()
            .withName("web")
            .withRestartCount(restarts);
    if (waitingReason != null) {
      container.withNewState().withNewWaiting().withReason(waitingReason).endWaiting().endState();
    }
    return container.endContainerStatus().endStatus().build();
  }

  private static ApplicationStatus copyOf(ApplicationStatus status) {
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        io.fabric8.kubernetes.client.utils.Serialization.asJson(status), ApplicationStatus.class);
  }

  private static Condition condition(ApplicationStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }
}
