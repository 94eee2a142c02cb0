package dev.capstan.security.policy.rules;

import static dev.capstan.security.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid policies (the mistakes the CRD's CEL rules also reject) are reported, not evaluated. */
class PolicyCompilerTest {

  private static final String STRATEGIES =
      "seLinux: {rule: RunAsAny}\nsupplementalGroups: {rule: RunAsAny}\nfsGroup: {rule: RunAsAny}\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "runAsUser: {rule: MustRunAs}| spec.runAsUser: rules MustRunAs and MayRunAs need at least one range",
        "runAsUser: {rule: MustRunAs, ranges: [{min: 5, max: 1}]}| spec.runAsUser.ranges: range 5-1 needs min <= max",
        "runAsUser: {rule: RunAsAny}\\nrunAsGroup: {rule: MayRunAs}| spec.runAsGroup: rules MustRunAs and MayRunAs need at least one range",
        "runAsUser: {rule: RunAsAny}\\ndefaultAddCapabilities: [NET_RAW]\\nrequiredDropCapabilities: [NET_RAW]| spec.defaultAddCapabilities: NET_RAW is also in requiredDropCapabilities; remove it from one list",
        "runAsUser: {rule: RunAsAny}\\nruntimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: kata}| spec.runtimeClass.defaultRuntimeClassName: kata must be one of allowedRuntimeClassNames [gvisor]",
        "runAsUser: {rule: RunAsAny}\\nallowPrivilegeEscalation: false\\ndefaultAllowPrivilegeEscalation: true| spec.defaultAllowPrivilegeEscalation: cannot be true while allowPrivilegeEscalation is false",
        "runAsUser: {rule: RunAsAny}\\nforbiddenSysctls: [kernel.*]\\nallowedUnsafeSysctls: [kernel.msgmax]| spec.allowedUnsafeSysctls: kernel.msgmax is matched by forbiddenSysctls; remove it from one list",
        "runAsUser: {rule: RunAsAny}\\nseccomp: {allowedProfiles: [runtime/default], defaultProfile: unconfined}| spec.seccomp.defaultProfile: unconfined must be one of allowedProfiles [runtime/default]",
      })
  void invalidPoliciesSayWhatToFix(String fields, String error) {
    var result = PolicyCompiler.compile(policy("p", STRATEGIES + fields.replace("\\n", "\n")));
    assertThat(result.valid()).isFalse();
    assertThat(result.errors()).contains(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "privileged: true; spec.runAsUser: required without spec.base (rule RunAsAny allows any value)",
        "base: {level: restricted, version: '1.30'}; spec.base.version: Pod Security Standards version must be latest or v1.<minor>, got 1.30",
      })
  void baseOrStrategiesAreRequired(String spec, String error) {
    assertThat(PolicyCompiler.compile(policy("p", spec)).errors()).contains(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "base: {level: baseline}; true; true",
        "'base: {level: baseline}\\nprivileged: false'; false; true",
        "runAsUser: {rule: RunAsAny}; false; false",
      })
  void unsetFieldsFollowTheBaseOrPodSecurityPolicyDefaults(
      String spec, boolean privileged, boolean anyVolume) {
    String s = spec.replace("\\n", "\n");
    if (!s.contains("base:")) {
      s = STRATEGIES + s;
    }
    CompiledPolicy p = PolicyCompiler.compile(policy("p", s)).policy();
    assertThat(p.allowPrivileged()).isEqualTo(privileged);
    assertThat(p.volumes() == null).isEqualTo(anyVolume);
  }
}
