package dev.capstan.security.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicyStatus;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.rules.PolicyCompiler;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyStatusTest {

  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

  private static final PodSecurityPolicy NO_PRIVILEGED_IN_TEAM_A =
      Fixtures.permissive(
          "no-privileged",
          """
          privileged: false
          binding: {namespaceSelector: {matchLabels: {team: a}}}
          exemptions: {namespaces: [team-a-debug]}
          """);

  private static Pod pod(String namespace, String name, boolean privileged, String phase) {
    Pod pod =
        Fixtures.pod(
            "{name: " + name + ", namespace: " + namespace + "}",
            "containers: [{name: app, image: app:1, securityContext: {privileged: "
                + privileged
                + "}}]");
    if (phase != null) {
      pod.setStatus(
          new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase).build());
    }
    return pod;
  }

  private static Map<String, String> labels(String namespace) {
    return namespace.startsWith("team-a") ? Map.of("team", "a") : Map.of("team", "b");
  }

  @Test
  void auditCountsGovernedNonExemptRunningViolatorsAndNamesAFew() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      pods.add(pod("team-a", "priv-" + i, true, "Running"));
    }
    pods.add(pod("team-a", "fine", false, "Running"));
    pods.add(pod("team-a", "done", true, "Succeeded"));
    pods.add(pod("team-b", "elsewhere", true, "Running"));
    pods.add(pod("team-a-debug", "exempt", true, "Running"));

    PolicyAudit.Result audit =
        PolicyAudit.audit(
            NO_PRIVILEGED_IN_TEAM_A,
            PolicyCompiler.compile(NO_PRIVILEGED_IN_TEAM_A).policy(),
            pods,
            PolicyStatusTest::labels);

    assertThat(audit.violating()).isEqualTo(7);
    assertThat(audit.sample())
        .containsExactly(
            "team-a/priv-0", "team-a/priv-1", "team-a/priv-2", "team-a/priv-3", "team-a/priv-4");
  }

  @Test
  void validPolicyIsReadyWithItsAuditAndAnUnchangedOneYieldsAnEqualStatus() {
    PodSecurityPolicy policy = Fixtures.YAML.clone(NO_PRIVILEGED_IN_TEAM_A);
    policy.getMetadata().setGeneration(3L);
    PolicyAudit.Result audit = new PolicyAudit.Result(2, List.of("team-a/x", "team-a/y"));

    PodSecurityPolicyStatus status =
        new PolicyStatusFactory(T0).statusFor(policy, PolicyCompiler.compile(policy), audit);

    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED)).isFalse();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.RECONCILING)).isFalse();
    assertThat(status.getViolatingPods()).isEqualTo(2);
    assertThat(status.getViolatingPodNames()).containsExactly("team-a/x", "team-a/y");

    policy.setStatus(status);
    assertThat(new PolicyStatusFactory(T1).statusFor(policy, PolicyCompiler.compile(policy), audit))
        .as("same inputs an hour later: nothing to write")
        .isEqualTo(status);
  }

  @Test
  void invalidPolicyIsStalledWithTheCompilerErrors() {
    PodSecurityPolicy invalid = Fixtures.policy("broken", "runAsUser: {rule: MustRunAs}\n");
    invalid.getMetadata().setGeneration(1L);

    PolicyCompiler.Result compiled = PolicyCompiler.compile(invalid);
    PodSecurityPolicyStatus status =
        new PolicyStatusFactory(T0)
            .statusFor(invalid, compiled, new PolicyAudit.Result(0, List.of()));

    assertThat(compiled.valid()).isFalse();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
    assertThat(Conditions.find(status.getConditions(), Conditions.STALLED))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("InvalidPolicy");
              assertThat(c.getMessage()).isEqualTo(String.join("; ", compiled.errors()));
              assertThat(c.getMessage()).contains("spec.runAsUser");
            });
    assertThat(status.getViolatingPods()).isNull();
  }
}
