package dev.capstan.crds.workloads.v1alpha1.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.workloads.v1alpha1.Application;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ApplicationPodTemplateTest {

  private static Application app(String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: web, namespace: shop}
        spec:
        """
            + spec.indent(2),
        Application.class);
  }

  private static final String CONTAINERS =
      """
      containers:
        - name: web
          image: registry.example/web:1
      """;

  @Test
  void restrictedIsTheDefaultProfileAndSetsWhatThePodSecurityStandardsAskFor() {
    PodSpec pod = ApplicationPodTemplate.of(app("workload: Deployment\n" + CONTAINERS)).getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container web = pod.getContainers().get(0);
    assertThat(web.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(web.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void profileNoneLeavesTheSecurityContextToTheCluster() {
    PodSpec pod =
        ApplicationPodTemplate.of(app("workload: Deployment\nsecurityProfile: none\n" + CONTAINERS))
            .getSpec();
    assertThat(pod.getSecurityContext()).isNull();
    assertThat(pod.getContainers().get(0).getSecurityContext()).isNull();
  }

  @Test
  void baselineOnlyTurnsOnTheRuntimeDefaultSeccompProfile() {
    PodSpec pod =
        ApplicationPodTemplate.of(
                app("workload: Deployment\nsecurityProfile: baseline\n" + CONTAINERS))
            .getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isNull();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers().get(0).getSecurityContext()).isNull();
  }

  @Test
  void restartPolicyFollowsTheWorkloadKind() {
    assertThat(ApplicationPodTemplate.restartPolicy(app("workload: Deployment\n" + CONTAINERS)))
        .isNull();
    assertThat(ApplicationPodTemplate.restartPolicy(app("workload: DaemonSet\n" + CONTAINERS)))
        .isNull();
    assertThat(ApplicationPodTemplate.restartPolicy(app("workload: Job\n" + CONTAINERS)))
        .isEqualTo("OnFailure");
    Application never = app("workload: Job\njob: {restartPolicy: Never}\n" + CONTAINERS);
    assertThat(ApplicationPodTemplate.restartPolicy(never)).isEqualTo("Never");
    assertThat(ApplicationPodTemplate.of(never).getSpec().getRestartPolicy()).isEqualTo("Never");
    Application cron = app("workload: CronJob\ncronJob: {schedule: '0 * * * *'}\n" + CONTAINERS);
    assertThat(ApplicationPodTemplate.of(cron).getSpec().getRestartPolicy()).isEqualTo("OnFailure");
  }

  @Test
  void sidecarsComeFirstAmongInitContainersAndRestartAlways() {
    PodTemplateSpec template =
        ApplicationPodTemplate.of(
            app(
                "workload: Deployment\n"
                    + CONTAINERS
                    + """
                    initContainers:
                      - {name: migrate, image: registry.example/migrate:1}
                    sidecars:
                      - {name: proxy, image: registry.example/proxy:1}
                    """));
    assertThat(template.getSpec().getInitContainers())
        .extracting(Container::getName, Container::getRestartPolicy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("proxy", "Always"),
            org.assertj.core.groups.Tuple.tuple("migrate", null));
  }

  @Test
  void configIsMountedReadOnlyAndItsHashRollsThePods() {
    Application app =
        app(
            "workload: Deployment\n"
                + CONTAINERS
                + "config: {mountPath: /etc/web, data: {a: '1'}}\n");
    PodTemplateSpec template = ApplicationPodTemplate.of(app);
    assertThat(template.getSpec().getVolumes().get(0).getConfigMap().getName())
        .isEqualTo("web-config");
    assertThat(template.getSpec().getContainers().get(0).getVolumeMounts().get(0).getReadOnly())
        .isTrue();
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry(
            ApplicationPodTemplate.CONFIG_HASH,
            ApplicationPodTemplate.configHash(app.getSpec().getConfig()));
    assertThat(template.getMetadata().getLabels())
        .containsEntry(ApplicationPodLabels.INSTANCE, "web")
        .containsEntry(ApplicationPodLabels.MANAGED_BY, ApplicationPodLabels.MANAGED_BY_VALUE);
  }
}
