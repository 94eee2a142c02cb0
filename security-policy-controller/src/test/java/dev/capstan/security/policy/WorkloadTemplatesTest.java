package dev.capstan.security.policy;

import static dev.capstan.security.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Workload pod templates: warned about by default, denied where an enforce policy governing the
 * namespace sets {@code workloads: deny}, with violations at the workload's own field paths.
 */
class WorkloadTemplatesTest {

  private static final String PRIVILEGED_POD_SPEC =
      "containers: [{name: app, image: a, securityContext: {privileged: true}}]";
  private static final String TEAM_A = "namespaceSelector: {matchLabels: {team: a}}";

  private final AdmissionEngine engine = new AdmissionEngine();

  /** A workload of {@code kind} whose pods run {@code podSpec} (flow-style YAML). */
  static HasMetadata workload(String kind, String podSpec) {
    String template = "{metadata: {labels: {app: web}}, spec: {" + podSpec + "}}";
    String spec =
        switch (kind) {
          case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
              "{selector: {matchLabels: {app: web}}, template: " + template + "}";
          case "Job" -> "{template: " + template + "}";
          case "CronJob" ->
              "{schedule: '* * * * *', jobTemplate: {spec: {template: " + template + "}}}";
          default -> throw new IllegalArgumentException(kind);
        };
    String apiVersion = kind.endsWith("Job") ? "batch/v1" : "apps/v1";
    return Fixtures.YAML.unmarshal(
        "apiVersion: "
            + apiVersion
            + "\nkind: "
            + kind
            + "\nmetadata: {name: web, namespace: team-a}\nspec: "
            + spec
            + "\n",
        HasMetadata.class);
  }

  private AdmissionDecision decide(HasMetadata workload, PodSecurityPolicy... policies) {
    return engine.decide(
        AdmissionRequest.create(workload, "team-a", UserInfo.of("alice", "devs"))
            .withNamespaceLabels(Map.of("team", "a")),
        List.of(policies),
        UseAuthorizer.NONE);
  }

  @ParameterizedTest
  @CsvSource({
    "Deployment, spec.template",
    "StatefulSet, spec.template",
    "DaemonSet, spec.template",
    "ReplicaSet, spec.template",
    "Job, spec.template",
    "CronJob, spec.jobTemplate.spec.template"
  })
  void denyPolicyRejectsTheWorkloadNamingItselfAndTheTemplateFields(String kind, String path) {
    AdmissionDecision d =
        decide(
            workload(kind, PRIVILEGED_POD_SPEC),
            policy("no-privileged", "base: {level: baseline}\nworkloads: deny"));

    assertThat(d.allowed()).isFalse();
    assertThat(d.denial().closestPolicy()).isEqualTo("no-privileged");
    assertThat(d.denial().violations())
        .extracting(Violation::field)
        .containsExactly(path + ".spec.containers[0].securityContext.privileged");
    assertThat(d.denial().message())
        .startsWith(
            kind
                + " web: denied (PodSecurityPolicy \"no-privileged\" sets workloads: deny): pods"
                + " would be rejected: violates PodSecurityPolicy \"no-privileged\": "
                + path
                + ".spec.containers[0].securityContext.privileged: privileged (");
  }

  @ParameterizedTest
  @CsvSource({
    "Deployment, spec.template",
    "CronJob, spec.jobTemplate.spec.template",
  })
  void warnIsTheDefaultAndWarningsNameTheTemplateFields(String kind, String path) {
    for (String workloads : new String[] {"", "\nworkloads: warn"}) {
      AdmissionDecision d =
          decide(
              workload(kind, PRIVILEGED_POD_SPEC),
              policy("no-privileged", "base: {level: baseline}" + workloads));

      assertThat(d.allowed()).as(workloads).isTrue();
      assertThat(d.denial()).isNull();
      assertThat(d.warnings())
          .singleElement()
          .asString()
          .startsWith(kind + " web: pods would be rejected: violates PodSecurityPolicy")
          .contains(path + ".spec.containers[0].securityContext.privileged: privileged");
    }
  }

  /**
   * Whether a deny policy takes effect: only an enforce policy that is valid and governs the
   * namespace denies, and only when the enforce policies would reject the pods. {@code other} is a
   * second enforce policy next to the deny one.
   */
  @ParameterizedTest(name = "[{index}] deny policy {0} / other {1} -> allowed {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // governs, valid, pods rejected by both -> denied
        "base: {level: baseline} ; workloads: deny | | false",
        // a second (warn) enforce policy admits the pods -> allowed, nothing to warn about
        "base: {level: baseline} ; workloads: deny | base: {level: privileged} | true",
        // the deny policy governs another namespace; the governing one only warns
        "base: {level: baseline} ; workloads: deny ; binding: {namespaceSelector: {matchLabels:"
            + " {team: b}}} | base: {level: baseline} | true",
        // invalid deny policies are skipped (their status says why)
        "workloads: deny ; runAsUser: {rule: MustRunAs} ; seLinux: {rule: RunAsAny} ; "
            + "supplementalGroups: {rule: RunAsAny} ; fsGroup: {rule: RunAsAny}"
            + " | base: {level: baseline} | true",
        // warn and audit policies never reject (the CRD refuses this combination too)
        "mode: warn ; base: {level: baseline} ; workloads: deny | base: {level: baseline} | true",
        "mode: audit ; base: {level: baseline} ; workloads: deny | base: {level: baseline} | true",
        // the namespace is exempt
        "base: {level: baseline} ; workloads: deny ; exemptions: {namespaces: [team-a]} | | true",
        // the requester may not use the deny policy, but it governs: the pods would be rejected
        "base: {level: baseline} ; workloads: deny ; binding: {"
            + TEAM_A
            + ", subjects: [{kind: User, name: bob}]} | base: {level: baseline} | false",
      })
  void denyTakesEffectOnlyFromAGoverningValidEnforcePolicy(
      String denyPolicy, String other, boolean allowed) {
    PodSecurityPolicy deny = policy("asks-deny", lines(denyPolicy));
    HasMetadata workload = workload("Deployment", PRIVILEGED_POD_SPEC);
    AdmissionDecision d =
        other == null
            ? decide(workload, deny)
            : decide(workload, deny, policy("other", lines(other)));

    assertThat(d.allowed()).isEqualTo(allowed);
    if (!allowed) {
      assertThat(d.denial().message()).contains("PodSecurityPolicy \"asks-deny\" sets workloads");
    }
  }

  private static String lines(String yaml) {
    return yaml.replace(" ; ", "\n");
  }

  @ParameterizedTest
  @CsvSource({"Deployment", "Job", "CronJob"})
  void aDenyPolicyAdmitsWorkloadsWhosePodsItAdmits(String kind) {
    AdmissionDecision d =
        decide(
            workload(kind, "containers: [{name: app, image: a}]"),
            policy("no-privileged", "base: {level: baseline}\nworkloads: deny"));

    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).isEmpty();
  }
}
