package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationContainer;
import dev.capstan.crds.workloads.v1alpha1.ApplicationService;
import dev.capstan.crds.workloads.v1alpha1.ApplicationSpec;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationStatusFactoryTest {

  private final ApplicationStatusFactory factory =
      new ApplicationStatusFactory(
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void longRunningKindsReportAvailableAndProgressing() {
    Application app = app(WorkloadKind.Deployment);
    ApplicationStatus rolling = factory.statusFor(app, Optional.of(deployment(2, 1)));
    assertThat(condition(rolling, "Available").getStatus()).isEqualTo("False");
    assertThat(condition(rolling, "Progressing").getStatus()).isEqualTo("True");
    assertThat(condition(rolling, "Progressing").getReason()).isEqualTo("RollingOut");

    app.setStatus(rolling);
    ApplicationStatus done = factory.statusFor(app, Optional.of(deployment(2, 2)));
    assertThat(condition(done, "Available").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(done, "Progressing").getReason()).isEqualTo("RolloutComplete");
  }

  @Test
  void aJobHasNoRolloutConditionsEvenAfterTheKindChanged() {
    Application app = app(WorkloadKind.Deployment);
    app.setStatus(factory.statusFor(app, Optional.of(deployment(1, 1))));
    app.getSpec().setWorkload(WorkloadKind.Job);

    ApplicationStatus status =
        factory.statusFor(
            app,
            Optional.of(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("a")
                    .withGeneration(1L)
                    .endMetadata()
                    .withNewSpec()
                    .endSpec()
                    .withNewStatus()
                    .withActive(1)
                    .withFailed(2)
                    .endStatus()
                    .build()));
    assertThat(status.getConditions())
        .extracting(c -> c.getType())
        .containsExactlyInAnyOrder(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED);
    assertThat(status.getRuns().getActive()).isEqualTo(1);
    assertThat(status.getRuns().getFailed()).isEqualTo(2);
    assertThat(status.getRuns().getSucceeded()).isZero();
  }

  @Test
  void cronJobReportsItsLastSchedule() {
    Application app = app(WorkloadKind.CronJob);
    ApplicationStatus status =
        factory.statusFor(
            app,
            Optional.of(
                new CronJobBuilder()
                    .withNewMetadata()
                    .withName("a")
                    .endMetadata()
                    .withNewSpec()
                    .withSchedule("@daily")
                    .endSpec()
                    .withNewStatus()
                    .withLastScheduleTime("2026-01-01T03:00:00Z")
                    .endStatus()
                    .build()));
    assertThat(status.getRuns().getLastScheduleTime()).isEqualTo("2026-01-01T03:00:00Z");
    assertThat(status.getRuns().getActive()).isZero();
  }

  @Test
  void serviceAddressIncludesDnsNameClusterIpAndLoadBalancer() {
    Application app = app(WorkloadKind.Deployment);
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("a")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withClusterIP("10.0.0.7")
            .endSpec()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("203.0.113.9")
            .endIngress()
            .addNewIngress()
            .withHostname("lb.example.test")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();

    ApplicationStatus status =
        factory.statusFor(
            app,
            new ObservedChildren(
                Optional.of(deployment(1, 1)), Optional.of(service), List.of("b", "a")));
    assertThat(status.getAddress().getDnsName()).isEqualTo("a.shop.svc");
    assertThat(status.getAddress().getClusterIP()).isEqualTo("10.0.0.7");
    assertThat(status.getAddress().getLoadBalancer())
        .containsExactly("203.0.113.9", "lb.example.test");
    assertThat(status.getRetainedClaims()).containsExactly("a", "b");
    assertThat(status)
        .as("equal statuses compare equal, so no write")
        .isEqualTo(
            factory.statusFor(
                app,
                new ObservedChildren(
                    Optional.of(deployment(1, 1)), Optional.of(service), List.of("a", "b"))));
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(
      ApplicationStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  private static Deployment deployment(int replicas, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("a")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .endStatus()
        .build();
  }

  private static Application app(WorkloadKind kind) {
    ApplicationContainer container = new ApplicationContainer();
    container.setName("app");
    container.setImage("registry.example/a:1");
    ApplicationSpec spec = new ApplicationSpec();
    spec.setWorkload(kind);
    spec.setContainers(List.of(container));
    spec.setService(new ApplicationService());
    Application app = new Application();
    app.setMetadata(
        new ObjectMetaBuilder().withName("a").withNamespace("shop").withGeneration(1L).build());
    app.setSpec(spec);
    return app;
  }
}
