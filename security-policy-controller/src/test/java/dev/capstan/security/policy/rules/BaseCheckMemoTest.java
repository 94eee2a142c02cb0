package dev.capstan.security.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.Violation;
import dev.capstan.security.policy.standards.PodSecurityStandards;
import dev.capstan.security.policy.standards.PssVersion;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseCheckMemoTest {

  private static final PssVersion LATEST = PssVersion.LATEST;

  private static Pod rootPod() {
    return Fixtures.pod("containers: [{name: app, image: app:1, securityContext: {runAsUser: 0}}]");
  }

  @Test
  void sameVerdictAsTheStandardsAndComputedOncePerPodAndBase() {
    Pod pod = rootPod();
    BaseCheckMemo memo = new BaseCheckMemo();
    List<Violation> first = memo.evaluate(PodSecurityLevel.restricted, LATEST, pod);
    assertThat(first)
        .isNotEmpty()
        .isEqualTo(PodSecurityStandards.evaluate(PodSecurityLevel.restricted, LATEST, pod));
    assertThat(memo.evaluate(PodSecurityLevel.restricted, LATEST, pod)).isSameAs(first);
    assertThat(memo.evaluate(PodSecurityLevel.baseline, LATEST, pod))
        .isNotSameAs(first)
        .isEqualTo(PodSecurityStandards.evaluate(PodSecurityLevel.baseline, LATEST, pod));
  }

  @Test
  void everyPodObjectHasItsOwnVerdicts() {
    BaseCheckMemo memo = new BaseCheckMemo();
    Pod root = rootPod();
    List<Violation> rootVerdict = memo.evaluate(PodSecurityLevel.restricted, LATEST, root);
    // a defaulted copy is another object: equal content must not be assumed
    Pod fixed =
        Fixtures.pod(
            "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
                + "containers: [{name: app, image: app:1, securityContext:"
                + " {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]");
    assertThat(memo.evaluate(PodSecurityLevel.restricted, LATEST, fixed)).isEmpty();
    // policies sharing defaults share a copy, while others alternate between pods: both are kept
    assertThat(memo.evaluate(PodSecurityLevel.restricted, LATEST, root)).isSameAs(rootVerdict);
    assertThat(memo.evaluate(PodSecurityLevel.restricted, LATEST, rootPod()))
        .isNotSameAs(rootVerdict)
        .isEqualTo(rootVerdict);
  }
}
