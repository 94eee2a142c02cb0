package dev.capstan.security.policy;

import static dev.capstan.security.policy.Fixtures.permissive;
import static dev.capstan.security.policy.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PodSecurityPolicy validation per field and per strategy. Each row: the policy fields that differ
 * from a grant-everything policy, the pod's spec, and the violated fields (empty: admitted). Pods
 * are validated without defaults (UPDATE-like), so the strategies' validation shows alone.
 */
class FieldRulesTest {

  private static final String C = "containers: [{name: app, image: a, securityContext: %s}]";

  private static List<String> violatedFields(String policyFields, String podSpec) {
    Pod pod = pod(podSpec);
    var decision =
        new AdmissionEngine()
            .decide(
                AdmissionRequest.update(pod, null, "team-a", UserInfo.of("alice")),
                List.of(permissive("p", policyFields.replace("|", "\n"))),
                UseAuthorizer.NONE);
    return decision.allowed()
        ? List.of()
        : decision.denial().violations().stream().map(Violation::field).toList();
  }

  private static String c(String securityContext) {
    return C.formatted(securityContext);
  }

  @ParameterizedTest(name = "{0} | {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        // privileged
        "privileged: false; {privileged: true}; spec.containers[0].securityContext.privileged",
        "privileged: false; {privileged: false}; ",
        "privileged: true; {privileged: true}; ",
        // runAsUser: MustRunAs
        "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 1999}]}; {}; spec.containers[0].securityContext.runAsUser",
        "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 1999}]}; {runAsUser: 1500}; ",
        "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 1999}]}; {runAsUser: 2000}; spec.containers[0].securityContext.runAsUser",
        // runAsUser: MustRunAsNonRoot
        "runAsUser: {rule: MustRunAsNonRoot}; {}; spec.containers[0].securityContext.runAsNonRoot",
        "runAsUser: {rule: MustRunAsNonRoot}; {runAsNonRoot: true}; ",
        "runAsUser: {rule: MustRunAsNonRoot}; {runAsUser: 1}; ",
        "runAsUser: {rule: MustRunAsNonRoot}; {runAsNonRoot: false}; spec.containers[0].securityContext.runAsNonRoot",
        "runAsUser: {rule: MustRunAsNonRoot}; {runAsUser: 0}; spec.containers[0].securityContext.runAsUser",
        // runAsUser: RunAsAny
        "runAsUser: {rule: RunAsAny}; {runAsUser: 0}; ",
        // runAsGroup: MustRunAs, MayRunAs, RunAsAny
        "runAsGroup: {rule: MustRunAs, ranges: [{min: 10, max: 20}]}; {}; spec.containers[0].securityContext.runAsGroup",
        "runAsGroup: {rule: MustRunAs, ranges: [{min: 10, max: 20}]}; {runAsGroup: 15}; ",
        "runAsGroup: {rule: MayRunAs, ranges: [{min: 10, max: 20}]}; {}; ",
        "runAsGroup: {rule: MayRunAs, ranges: [{min: 10, max: 20}]}; {runAsGroup: 21}; spec.containers[0].securityContext.runAsGroup",
        "runAsGroup: {rule: RunAsAny}; {runAsGroup: 0}; ",
        // readOnlyRootFilesystem
        "readOnlyRootFilesystem: true; {}; spec.containers[0].securityContext.readOnlyRootFilesystem",
        "readOnlyRootFilesystem: true; {readOnlyRootFilesystem: false}; spec.containers[0].securityContext.readOnlyRootFilesystem",
        "readOnlyRootFilesystem: true; {readOnlyRootFilesystem: true}; ",
        // allowPrivilegeEscalation
        "allowPrivilegeEscalation: false; {}; spec.containers[0].securityContext.allowPrivilegeEscalation",
        "allowPrivilegeEscalation: false; {allowPrivilegeEscalation: true}; spec.containers[0].securityContext.allowPrivilegeEscalation",
        "allowPrivilegeEscalation: false; {allowPrivilegeEscalation: false}; ",
        "allowPrivilegeEscalation: true; {allowPrivilegeEscalation: true}; ",
        // procMount
        "allowedProcMountTypes: [Default]; {procMount: Unmasked}; spec.containers[0].securityContext.procMount",
        "allowedProcMountTypes: [Default, Unmasked]; {procMount: Unmasked}; ",
        // capabilities
        "allowedCapabilities: [NET_ADMIN]; {capabilities: {add: [NET_ADMIN]}}; ",
        "allowedCapabilities: [NET_ADMIN]; {capabilities: {add: [SYS_ADMIN]}}; spec.containers[0].securityContext.capabilities.add[0]",
        "allowedCapabilities: []|defaultAddCapabilities: [CHOWN]; {capabilities: {add: [CHOWN]}}; ",
        "allowedCapabilities: ['*']; {capabilities: {add: [SYS_ADMIN]}}; ",
        "requiredDropCapabilities: [NET_RAW]; {capabilities: {drop: [NET_RAW]}}; ",
        "requiredDropCapabilities: [NET_RAW]; {capabilities: {drop: [ALL]}}; ",
        "requiredDropCapabilities: [NET_RAW]; {capabilities: {drop: [CHOWN]}}; spec.containers[0].securityContext.capabilities.drop",
        "requiredDropCapabilities: [NET_RAW]; {}; spec.containers[0].securityContext.capabilities",
        // seLinux
        "seLinux: {rule: MustRunAs, seLinuxOptions: {type: t, level: 's0:c1,c2'}}; {seLinuxOptions: {type: t, level: 's0:c2,c1'}}; spec.securityContext.seLinuxOptions",
        "seLinux: {rule: RunAsAny}; {seLinuxOptions: {type: spc_t}}; ",
        // seccomp
        "seccomp: {allowedProfiles: [runtime/default]}; {seccompProfile: {type: Unconfined}}; spec.securityContext.seccompProfile,spec.containers[0].securityContext.seccompProfile",
        "seccomp: {allowedProfiles: ['*']}; {seccompProfile: {type: Unconfined}}; ",
        // appArmor
        "appArmor: {allowedProfiles: [runtime/default]}; {appArmorProfile: {type: RuntimeDefault}}; ",
        "appArmor: {allowedProfiles: [runtime/default]}; {appArmorProfile: {type: Unconfined}}; spec.containers[0].securityContext.appArmorProfile",
        "appArmor: {allowedProfiles: [runtime/default]}; {}; spec.containers[0].securityContext.appArmorProfile",
      })
  void containerFields(String policyFields, String securityContext, String violated) {
    assertThat(violatedFields(policyFields, c(securityContext)))
        .containsExactlyElementsOf(violated == null ? List.of() : List.of(violated.split(",")));
  }

  @ParameterizedTest(name = "{0} | {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "hostNetwork: false; hostNetwork: true; spec.hostNetwork",
        "hostPID: false; hostPID: true; spec.hostPID",
        "hostIPC: false; hostIPC: true; spec.hostIPC",
        "hostIPC: true; hostIPC: true; ",
        "hostPorts: [{min: 8000, max: 8080}]; containers: [{name: a, image: a, ports: [{containerPort: 1, hostPort: 8080}]}]; ",
        "hostPorts: [{min: 8000, max: 8080}]; containers: [{name: a, image: a, ports: [{containerPort: 1, hostPort: 80}]}]; spec.containers[0].ports[0].hostPort",
        "hostPorts: []; containers: [{name: a, image: a, ports: [{containerPort: 80}]}]; ",
        // fsGroup and supplementalGroups
        "fsGroup: {rule: MustRunAs, ranges: [{min: 100, max: 200}]}; securityContext: {}; spec.securityContext.fsGroup",
        "fsGroup: {rule: MustRunAs, ranges: [{min: 100, max: 200}]}; securityContext: {fsGroup: 150}; ",
        "fsGroup: {rule: MayRunAs, ranges: [{min: 100, max: 200}]}; securityContext: {}; ",
        "fsGroup: {rule: MayRunAs, ranges: [{min: 100, max: 200}]}; securityContext: {fsGroup: 1}; spec.securityContext.fsGroup",
        "supplementalGroups: {rule: MustRunAs, ranges: [{min: 5, max: 6}]}; securityContext: {supplementalGroups: [5, 7]}; spec.securityContext.supplementalGroups",
        "supplementalGroups: {rule: MayRunAs, ranges: [{min: 5, max: 6}]}; securityContext: {}; ",
        "supplementalGroups: {rule: RunAsAny}; securityContext: {supplementalGroups: [0]}; ",
        // volumes
        "volumes: [configMap]; volumes: [{name: v, secret: {secretName: s}}]; spec.volumes[0]",
        "volumes: [secret]; volumes: [{name: v, projected: {sources: [{serviceAccountToken: {path: t}}, {configMap: {name: kube-root-ca.crt}}]}}]; ",
        "volumes: [secret]; volumes: [{name: v, projected: {sources: [{configMap: {name: app}}]}}]; spec.volumes[0]",
        "volumes: [hostPath]|allowedHostPaths: [{pathPrefix: /foo}]; volumes: [{name: v, hostPath: {path: /foo/bar}}]; ",
        "volumes: [hostPath]|allowedHostPaths: [{pathPrefix: /foo}]; volumes: [{name: v, hostPath: {path: /foobar}}]; spec.volumes[0].hostPath.path",
        "volumes: [hostPath]|allowedHostPaths: [{pathPrefix: /foo, readOnly: true}]; volumes: [{name: v, hostPath: {path: /foo}}]\\ncontainers: [{name: a, image: a, volumeMounts: [{name: v, mountPath: /m}]}]; spec.containers[0].volumeMounts[0].readOnly",
        "volumes: [hostPath]|allowedHostPaths: [{pathPrefix: /foo, readOnly: true}]; volumes: [{name: v, hostPath: {path: /foo}}]\\ncontainers: [{name: a, image: a, volumeMounts: [{name: v, mountPath: /m, readOnly: true}]}]; ",
        "volumes: [flexVolume]|allowedFlexVolumes: [{driver: ok}]; volumes: [{name: v, flexVolume: {driver: bad}}]; spec.volumes[0].flexVolume.driver",
        "volumes: [csi]|allowedCSIDrivers: [{name: ok}]; volumes: [{name: v, csi: {driver: ok}}]; ",
        "volumes: [csi]|allowedCSIDrivers: [{name: ok}]; volumes: [{name: v, csi: {driver: bad}}]; spec.volumes[0].csi.driver",
        // sysctls
        "allowedUnsafeSysctls: []; securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: '1'}]}; ",
        "allowedUnsafeSysctls: []; securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}]}; spec.securityContext.sysctls[0]",
        "allowedUnsafeSysctls: [kernel.msg*]; securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}]}; ",
        "forbiddenSysctls: [kernel.*]; securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: '1'}]}; spec.securityContext.sysctls[0]",
        // runtimeClass
        "runtimeClass: {allowedRuntimeClassNames: [gvisor]}; runtimeClassName: gvisor; ",
        "runtimeClass: {allowedRuntimeClassNames: [gvisor]}; runtimeClassName: kata; spec.runtimeClassName",
        "runtimeClass: {allowedRuntimeClassNames: []}; containers: [{name: a, image: a}]; ",
      })
  void podFields(String policyFields, String podSpec, String violated) {
    String spec = podSpec.replace("\\n", "\n");
    if (!spec.contains("containers:")) {
      spec = spec + "\ncontainers: [{name: a, image: a}]";
    }
    assertThat(violatedFields(policyFields, spec))
        .containsExactlyElementsOf(violated == null ? List.of() : List.of(violated.split(",")));
  }
}
