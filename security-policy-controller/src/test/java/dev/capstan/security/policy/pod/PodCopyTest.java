package dev.capstan.security.policy.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.rules.PodDefaulter;
import dev.capstan.security.policy.rules.PolicyCompiler;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodCopyTest {

  /** Every container list, with and without security contexts and capabilities. */
  private static final String POD =
      """
      initContainers: [{name: init, image: i, securityContext: {capabilities: {add: [CHOWN]}}}]
      containers:
      - {name: app, image: a, env: [{name: A, value: b}]}
      - {name: side, image: s, securityContext: {runAsUser: 5, capabilities: {drop: [NET_RAW]}}}
      ephemeralContainers: [{name: debug, image: d, securityContext: {privileged: false}}]
      volumes: [{name: v, emptyDir: {}}]
      """;

  /** Defaults every field the defaulter knows. */
  private static final String DEFAULTS_EVERYTHING =
      """
      defaultAddCapabilities: [KILL]
      requiredDropCapabilities: [ALL]
      allowedCapabilities: ['*']
      volumes: ['*']
      runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}
      runAsGroup: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}
      seLinux: {rule: MustRunAs, seLinuxOptions: {level: 's0:c1,c2'}}
      supplementalGroups: {rule: MustRunAs, ranges: [{min: 10, max: 20}]}
      fsGroup: {rule: MustRunAs, ranges: [{min: 10, max: 20}]}
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
      seccomp: {defaultProfile: runtime/default, allowedProfiles: [runtime/default]}
      runtimeClass: {allowedRuntimeClassNames: [kata], defaultRuntimeClassName: kata}
      """;

  @Test
  void aCopyIsEqualAndDefaultingItLeavesTheOriginalAlone() {
    Pod original = Fixtures.pod("{name: web, namespace: team-a, annotations: {a: b}}", POD);
    String before = Fixtures.YAML.asJson(original);

    Pod copy = PodCopy.forDefaulting(original);
    assertThat(copy).isEqualTo(original).isNotSameAs(original);

    PolicyCompiler.Result compiled =
        PolicyCompiler.compile(Fixtures.policy("defaults", DEFAULTS_EVERYTHING));
    assertThat(compiled.errors()).isEmpty();
    List<String> defaulted = PodDefaulter.apply(compiled.policy(), copy);
    Pod annotated = PodCopy.withOwnAnnotations(copy);
    annotated.getMetadata().getAnnotations().put("security.capstan.dev/policy", "defaults");

    assertThat(defaulted)
        .contains(
            "spec.securityContext.fsGroup",
            "spec.runtimeClassName",
            "spec.initContainers[0].securityContext.capabilities.add",
            "spec.containers[0].securityContext.runAsUser",
            "spec.containers[1].securityContext.capabilities.drop",
            "spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem");
    assertThat(Fixtures.YAML.asJson(original)).isEqualTo(before);
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void aPodWithoutSpecOrMetadataIsCopied() {
    Pod empty = new Pod();
    assertThat(PodCopy.forDefaulting(empty)).isEqualTo(empty).isNotSameAs(empty);
    Pod annotated = PodCopy.withOwnAnnotations(empty);
    annotated.getMetadata().getAnnotations().put("a", "b");
    assertThat(empty.getMetadata()).isNull();
  }
}
