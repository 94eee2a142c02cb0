package dev.capstan.security.policy;

import static dev.capstan.security.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.render.ApplicationPodTemplate;
import dev.capstan.security.policy.pod.PodTemplates;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Capstan's Application has no pod template field: the engine checks the pod the workload
 * controller will render from it, so the security profile counts exactly as it will at run time.
 */
class ApplicationTemplatesTest {

  private static final PodSecurityPolicy RESTRICTED =
      policy("restricted", "base: {level: restricted}");
  private static final PodSecurityPolicy RESTRICTED_DENY =
      policy("restricted-deny", "base: {level: restricted}\nworkloads: deny");

  private final AdmissionEngine engine = new AdmissionEngine();

  /** An Application in team-a; {@code spec} is its spec's YAML after {@code workload}. */
  static Application application(String workload, String spec) {
    return Fixtures.YAML.unmarshal(
        """
        apiVersion: workloads.capstan.dev/v1alpha1
        kind: Application
        metadata: {name: web, namespace: team-a}
        spec:
          workload: %s
          containers: [{name: app, image: app:1}]
        """
                .formatted(workload)
            + Fixtures.indent(spec),
        Application.class);
  }

  private AdmissionDecision decide(Application app, PodSecurityPolicy... policies) {
    return engine.decide(
        AdmissionRequest.create(app, "team-a", UserInfo.of("alice", "devs"))
            .withNamespaceLabels(Map.of("team", "a")),
        List.of(policies),
        UseAuthorizer.NONE);
  }

  @ParameterizedTest
  @CsvSource({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"})
  void theRestrictedProfileMakesTheApplicationPassTheRestrictedLevel(String kind) {
    String cron = kind.equals("CronJob") ? "cronJob: {schedule: '* * * * *'}\n" : "";
    // the default profile is restricted: the rendered template sets the securityContext that the
    // user never wrote
    AdmissionDecision d = decide(application(kind, cron), RESTRICTED_DENY);

    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).isEmpty();
    assertThat(d.denial()).isNull();
  }

  @Test
  void withoutAProfileTheSameApplicationIsDeniedNamingTheApplicationsFields() {
    AdmissionDecision d =
        decide(application("Deployment", "securityProfile: none"), RESTRICTED_DENY);

    assertThat(d.allowed()).isFalse();
    assertThat(d.denial().closestPolicy()).isEqualTo("restricted-deny");
    assertThat(d.denial().message())
        .startsWith(
            "Application web (securityProfile none): denied (PodSecurityPolicy \"restricted-deny\""
                + " sets workloads: deny): pods would be rejected: violates PodSecurityPolicy"
                + " \"restricted-deny\": ");
    assertThat(d.denial().violations())
        .extracting(Violation::field)
        .contains(
            "spec.containers[0].securityContext.allowPrivilegeEscalation",
            "spec.containers[0].securityContext.capabilities.drop")
        .allSatisfy(f -> assertThat(f).doesNotStartWith("spec.template"));
  }

  @Test
  void warnIsTheDefaultForApplicationsToo() {
    AdmissionDecision d = decide(application("Deployment", "securityProfile: none"), RESTRICTED);

    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings())
        .singleElement()
        .asString()
        .startsWith("Application web (securityProfile none): pods would be rejected: violates")
        .contains("PodSecurityPolicy \"restricted\"")
        .contains("spec.containers[0].securityContext.allowPrivilegeEscalation: ");
  }

  @Test
  void anAllowingPolicyNeitherWarnsNorDenies() {
    AdmissionDecision d =
        decide(
            application("Deployment", "securityProfile: none"),
            policy("baseline-deny", "base: {level: baseline}\nworkloads: deny"));

    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void warnModePoliciesWarnWithOneLinePerViolatedField() {
    AdmissionDecision d =
        decide(
            application("Deployment", "securityProfile: baseline"),
            policy("warn-restricted", "mode: warn\nbase: {level: restricted}"));

    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings().get(0))
        .isEqualTo(
            "Application web (securityProfile baseline): would be rejected were warn policies"
                + " enforced: would violate PodSecurityPolicy \"warn-restricted\"");
    assertThat(d.warnings().subList(1, d.warnings().size()))
        .isNotEmpty()
        .anySatisfy(w -> assertThat(w).startsWith("spec.containers[0].securityContext."));
  }

  @Test
  void sidecarsInitContainersAndTheConfigVolumeAreNamedAsTheUserWroteThem() {
    Application app =
        application(
            "Deployment",
            """
            config: {mountPath: /etc/web, data: {a: '1'}}
            sidecars: [{name: proxy, image: proxy:1}]
            initContainers: [{name: migrate, image: migrate:1}]
            volumes: [{name: scratch, emptyDir: {}}]
            """);
    var paths = PodTemplates.fieldPaths(app);

    assertThat(paths.apply("spec.initContainers[0].securityContext.privileged"))
        .isEqualTo("spec.sidecars[0].securityContext.privileged");
    assertThat(paths.apply("spec.initContainers[1].image"))
        .isEqualTo("spec.initContainers[0].image");
    assertThat(paths.apply("spec.containers[0].securityContext.runAsUser"))
        .isEqualTo("spec.containers[0].securityContext.runAsUser");
    assertThat(paths.apply("spec.volumes[0]")).isEqualTo("spec.config");
    assertThat(paths.apply("spec.volumes[1].emptyDir")).isEqualTo("spec.volumes[0].emptyDir");
    assertThat(paths.apply("spec.runtimeClassName")).isEqualTo("spec.runtimeClassName");
  }

  @Test
  void theCheckedPodIsTheRenderedTemplateWithTheJobsRestartPolicy() {
    Application job = application("Job", "job: {restartPolicy: Never}\nserviceAccountName: batch");
    Pod pod = PodTemplates.podOf(job).orElseThrow();

    assertThat(pod.getSpec()).isEqualTo(ApplicationPodTemplate.of(job).getSpec());
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("batch");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(
            PodTemplates.podOf(application("Deployment", ""))
                .orElseThrow()
                .getSpec()
                .getRestartPolicy())
        .isNull();
  }
}
