package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.events.EventDetails;
import dev.capstan.core.events.EventType;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationEventsTest {

  private final ApplicationStatusFactory factory =
      new ApplicationStatusFactory(
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void becomingReadyIsANormalEvent() {
    Application app = app();
    ApplicationStatus rolling = factory.statusFor(app, Optional.of(deployment(2, 1)));
    app.setStatus(rolling);
    ApplicationStatus ready = factory.statusFor(app, Optional.of(deployment(2, 2)));

    assertThat(ApplicationEvents.between(rolling, ready))
        .containsExactly(
            EventDetails.normal(
                "Available",
                "Rollout",
                "Ready: 2/2 (All pods of the current revision are available, generation 3)"));
  }

  @Test
  void stayingReadyOrRollingOutIsNoEvent() {
    Application app = app();
    ApplicationStatus ready = factory.statusFor(app, Optional.of(deployment(2, 2)));
    app.setStatus(ready);

    assertThat(
            ApplicationEvents.between(ready, factory.statusFor(app, Optional.of(deployment(2, 2)))))
        .isEmpty();
    assertThat(ApplicationEvents.between(null, factory.statusFor(app(), Optional.empty())))
        .isEmpty();
  }

  @Test
  void becomingStalledIsAWarningOnceUntilTheReasonChanges() {
    Application app = app();
    ApplicationStatus stuck = factory.statusFor(app, Optional.of(deadlineExceeded()));

    assertThat(ApplicationEvents.between(null, stuck))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.WARNING);
              assertThat(e.reason()).isEqualTo("ProgressDeadlineExceeded");
              assertThat(e.action()).isEqualTo("Rollout");
            });
    app.setStatus(stuck);
    assertThat(
            ApplicationEvents.between(
                stuck, factory.statusFor(app, Optional.of(deadlineExceeded()))))
        .isEmpty();
    ApplicationStatus invalid =
        factory.stalled(app, Optional.empty(), "Invalid", "port name must contain a letter");
    assertThat(ApplicationEvents.between(stuck, invalid))
        .containsExactly(
            EventDetails.warning("Invalid", "Apply", "port name must contain a letter"));
  }

  static Application app() {
    Application app = new Application();
    app.setMetadata(
        new ObjectMetaBuilder().withName("web").withNamespace("shop").withGeneration(3L).build());
    return app;
  }

  static Deployment deployment(int replicas, int available) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withReadyReplicas(available)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  static Deployment deadlineExceeded() {
    return new DeploymentBuilder(deployment(2, 0))
        .editStatus()
        .addNewCondition()
        .withType("Progressing")
        .withStatus("False")
        .withReason("ProgressDeadlineExceeded")
        .endCondition()
        .endStatus()
        .build();
  }
}
