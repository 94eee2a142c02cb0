package dev.capstan.security.policy.standards;

import static dev.capstan.security.policy.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.security.policy.Violation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per Pod Security Standards check ID, with allowed and forbidden pods, per version. */
class PodSecurityStandardsTest {

  /** A pod that meets restricted at every version. */
  private static final String RESTRICTED_OK =
      """
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: app
        image: app:1
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      """;

  private static Set<String> failed(PodSecurityLevel level, String version, Pod pod) {
    return PodSecurityStandards.evaluate(level, PssVersion.parse(version), pod).stream()
        .map(v -> v.source().substring(v.source().indexOf('/') + 1))
        .collect(Collectors.toSet());
  }

  private static Set<String> baseline(String spec) {
    return failed(PodSecurityLevel.baseline, "latest", pod(spec));
  }

  private static Set<String> restricted(String version, String spec) {
    return failed(PodSecurityLevel.restricted, version, pod(spec));
  }

  private static String c(String securityContext) {
    return "containers: [{name: app, image: app:1, securityContext: " + securityContext + "}]";
  }

  @Test
  void everyUpstreamCheckIsKnown() {
    assertThat(PodSecurityStandards.checks().stream().map(PssCheck::id))
        .containsExactlyInAnyOrder(
            "privileged",
            "hostNamespaces",
            "hostPorts",
            "hostPathVolumes",
            "capabilities_baseline",
            "appArmorProfile",
            "seLinuxOptions",
            "procMount",
            "seccompProfile_baseline",
            "sysctls",
            "windowsHostProcess",
            "hostProbesAndHostLifecycle",
            "restrictedVolumes",
            "runAsNonRoot",
            "allowPrivilegeEscalation",
            "seccompProfile_restricted",
            "capabilities_restricted",
            "runAsUser",
            "procMount_restricted");
  }

  @Test
  void privilegedLevelChecksNothing() {
    assertThat(
            failed(
                PodSecurityLevel.privileged,
                "latest",
                pod(c("{privileged: true}") + "\nhostNetwork: true")))
        .isEmpty();
  }

  @Test
  void restrictedOkPodMeetsEveryVersion() {
    for (String v :
        List.of("v1.0", "v1.8", "v1.19", "v1.22", "v1.25", "v1.30", "v1.35", "v1.36", "latest")) {
      assertThat(restricted(v, RESTRICTED_OK)).as(v).isEmpty();
    }
  }

  @Test
  void privileged() {
    assertThat(baseline(c("{privileged: false}"))).doesNotContain("privileged");
    assertThat(baseline(c("{privileged: true}"))).contains("privileged");
    Pod ephemeral =
        pod(
            "containers: [{name: app, image: a}]\nephemeralContainers: [{name: debug, image: busybox, securityContext: {privileged: true}}]");
    List<Violation> v =
        PodSecurityStandards.evaluate(PodSecurityLevel.baseline, PssVersion.LATEST, ephemeral);
    assertThat(v)
        .extracting(Violation::toString)
        .containsExactly(
            "spec.ephemeralContainers[0].securityContext.privileged: privileged (ephemeral container \"debug\" must not set securityContext.privileged=true)");
  }

  @Test
  void hostNamespaces() {
    assertThat(baseline("hostNetwork: false\n" + c("{}"))).isEmpty();
    assertThat(baseline("hostPID: true\n" + c("{}"))).containsExactly("hostNamespaces");
    assertThat(baseline("hostIPC: true\n" + c("{}"))).containsExactly("hostNamespaces");
    assertThat(baseline("hostNetwork: true\n" + c("{}"))).containsExactly("hostNamespaces");
  }

  @Test
  void hostPorts() {
    assertThat(
            baseline(
                "containers: [{name: a, image: a, ports: [{containerPort: 80, hostPort: 0}]}]"))
        .isEmpty();
    assertThat(
            baseline(
                "initContainers: [{name: i, image: a, ports: [{containerPort: 80, hostPort: 8080}]}]\ncontainers: [{name: a, image: a}]"))
        .containsExactly("hostPorts");
  }

  @Test
  void hostPathVolumes() {
    assertThat(baseline(c("{}") + "\nvolumes: [{name: v, emptyDir: {}}]")).isEmpty();
    assertThat(baseline(c("{}") + "\nvolumes: [{name: v, hostPath: {path: /etc}}]"))
        .containsExactly("hostPathVolumes");
  }

  @Test
  void capabilitiesBaseline() {
    assertThat(baseline(c("{capabilities: {add: [CHOWN, NET_BIND_SERVICE, SYS_CHROOT]}}")))
        .isEmpty();
    assertThat(baseline(c("{capabilities: {add: [SYS_ADMIN]}}")))
        .containsExactly("capabilities_baseline");
  }

  @Test
  void appArmorProfile() {
    assertThat(baseline(c("{appArmorProfile: {type: RuntimeDefault}}"))).isEmpty();
    assertThat(baseline(c("{appArmorProfile: {type: Localhost, localhostProfile: p}}"))).isEmpty();
    assertThat(baseline(c("{appArmorProfile: {type: Unconfined}}")))
        .containsExactly("appArmorProfile");
    assertThat(baseline("securityContext: {appArmorProfile: {type: Unconfined}}\n" + c("{}")))
        .containsExactly("appArmorProfile");
    Pod annotated =
        pod(
            "{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}}",
            c("{}"));
    assertThat(failed(PodSecurityLevel.baseline, "latest", annotated))
        .containsExactly("appArmorProfile");
    Pod allowedAnnotation =
        pod(
            "{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/app: localhost/x}}",
            c("{}"));
    assertThat(failed(PodSecurityLevel.baseline, "latest", allowedAnnotation)).isEmpty();
  }

  @Test
  void seLinuxOptions() {
    assertThat(baseline(c("{seLinuxOptions: {type: container_t, level: 's0:c1,c2'}}"))).isEmpty();
    assertThat(baseline(c("{seLinuxOptions: {type: spc_t}}"))).containsExactly("seLinuxOptions");
    assertThat(baseline(c("{seLinuxOptions: {user: system_u}}"))).containsExactly("seLinuxOptions");
    assertThat(baseline("securityContext: {seLinuxOptions: {role: sysadm_r}}\n" + c("{}")))
        .containsExactly("seLinuxOptions");
  }

  @ParameterizedTest
  @CsvSource({"v1.30, true", "v1.31, false", "latest, false"})
  void seLinuxContainerEngineTypeSince131(String version, boolean forbidden) {
    Set<String> failed =
        failed(
            PodSecurityLevel.baseline,
            version,
            pod(c("{seLinuxOptions: {type: container_engine_t}}")));
    assertThat(failed.contains("seLinuxOptions")).isEqualTo(forbidden);
  }

  @Test
  void procMount() {
    assertThat(baseline(c("{procMount: Default}"))).isEmpty();
    assertThat(baseline(c("{procMount: Unmasked}"))).containsExactly("procMount");
  }

  @ParameterizedTest
  @CsvSource({"v1.34, true", "v1.35, false", "latest, false"})
  void procMountBaselineAllowsUnmaskedInUserNamespaceSince135(String version, boolean forbidden) {
    Pod pod = pod("hostUsers: false\n" + c("{procMount: Unmasked}"));
    assertThat(failed(PodSecurityLevel.baseline, version, pod).contains("procMount"))
        .isEqualTo(forbidden);
  }

  @ParameterizedTest
  @CsvSource({"v1.34, procMount", "v1.35, procMount_restricted"})
  void procMountRestrictedSince135EvenInUserNamespace(String version, String check) {
    Pod pod =
        pod(
            "hostUsers: false\nsecurityContext: {seccompProfile: {type: RuntimeDefault}}\n"
                + c(
                    "{procMount: Unmasked, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}"));
    Set<String> failed = failed(PodSecurityLevel.restricted, version, pod);
    assertThat(failed).contains(check);
  }

  @Test
  void seccompProfileBaseline() {
    assertThat(baseline(c("{seccompProfile: {type: RuntimeDefault}}"))).isEmpty();
    assertThat(baseline(c("{seccompProfile: {type: Unconfined}}")))
        .containsExactly("seccompProfile_baseline");
    assertThat(baseline("securityContext: {seccompProfile: {type: Unconfined}}\n" + c("{}")))
        .containsExactly("seccompProfile_baseline");
  }

  @ParameterizedTest
  @CsvSource({"v1.18, true, false", "v1.19, false, true", "latest, false, true"})
  void seccompBaselineUsesAnnotationsBefore119AndFieldsSince(
      String version, boolean annotationForbidden, boolean fieldForbidden) {
    Pod annotated =
        pod(
            "{name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}}",
            c("{}"));
    Pod field = pod(c("{seccompProfile: {type: Unconfined}}"));
    assertThat(
            failed(PodSecurityLevel.baseline, version, annotated)
                .contains("seccompProfile_baseline"))
        .isEqualTo(annotationForbidden);
    assertThat(
            failed(PodSecurityLevel.baseline, version, field).contains("seccompProfile_baseline"))
        .isEqualTo(fieldForbidden);
  }

  @Test
  void sysctls() {
    assertThat(
            baseline(
                "securityContext: {sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: '0'}]}\n"
                    + c("{}")))
        .isEmpty();
    assertThat(
            baseline("securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}]}\n" + c("{}")))
        .containsExactly("sysctls");
  }

  @ParameterizedTest
  @CsvSource({
    "net.ipv4.ip_local_reserved_ports, v1.26, v1.27",
    "net.ipv4.tcp_keepalive_time, v1.28, v1.29",
    "net.ipv4.tcp_fin_timeout, v1.28, v1.29",
    "net.ipv4.tcp_keepalive_intvl, v1.28, v1.29",
    "net.ipv4.tcp_keepalive_probes, v1.28, v1.29",
    "net.ipv4.tcp_rmem, v1.31, v1.32",
    "net.ipv4.tcp_wmem, v1.31, v1.32",
    "net.ipv4.tcp_slow_start_after_idle, v1.36, v1.37",
    "net.ipv4.tcp_notsent_lowat, v1.36, latest"
  })
  void sysctlAllowedFromItsVersion(String sysctl, String before, String since) {
    Pod pod = pod("securityContext: {sysctls: [{name: " + sysctl + ", value: '1'}]}\n" + c("{}"));
    assertThat(failed(PodSecurityLevel.baseline, before, pod)).containsExactly("sysctls");
    assertThat(failed(PodSecurityLevel.baseline, since, pod)).isEmpty();
  }

  @Test
  void windowsHostProcess() {
    assertThat(baseline(c("{windowsOptions: {hostProcess: false}}"))).isEmpty();
    assertThat(baseline(c("{windowsOptions: {hostProcess: true}}")))
        .containsExactly("windowsHostProcess");
    assertThat(baseline("securityContext: {windowsOptions: {hostProcess: true}}\n" + c("{}")))
        .containsExactly("windowsHostProcess");
  }

  @ParameterizedTest
  @CsvSource({"v1.33, false", "v1.34, true", "latest, true"})
  void hostProbesAndHostLifecycleSince134(String version, boolean forbidden) {
    Pod probe =
        pod(
            "containers: [{name: a, image: a, livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]");
    Pod lifecycle =
        pod(
            "containers: [{name: a, image: a, lifecycle: {preStop: {tcpSocket: {host: db, port: 5432}}}}]");
    Pod local = pod("containers: [{name: a, image: a, readinessProbe: {httpGet: {port: 80}}}]");
    assertThat(
            failed(PodSecurityLevel.baseline, version, probe)
                .contains("hostProbesAndHostLifecycle"))
        .isEqualTo(forbidden);
    assertThat(
            failed(PodSecurityLevel.baseline, version, lifecycle)
                .contains("hostProbesAndHostLifecycle"))
        .isEqualTo(forbidden);
    assertThat(failed(PodSecurityLevel.baseline, version, local)).isEmpty();
  }

  @Test
  void restrictedVolumes() {
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK
                    + "volumes: [{name: a, configMap: {name: c}}, {name: b, image: {reference: 'r:1'}}, {name: c, csi: {driver: d}}]"))
        .isEmpty();
    assertThat(
            restricted("latest", RESTRICTED_OK + "volumes: [{name: a, nfs: {server: s, path: /}}]"))
        .containsExactly("restrictedVolumes");
    assertThat(restricted("latest", RESTRICTED_OK + "volumes: [{name: a, hostPath: {path: /}}]"))
        .containsExactlyInAnyOrder("restrictedVolumes", "hostPathVolumes");
  }

  @Test
  void runAsNonRoot() {
    String noPodLevel = RESTRICTED_OK.replace("runAsNonRoot: true, ", "");
    assertThat(restricted("latest", noPodLevel)).containsExactly("runAsNonRoot");
    assertThat(
            restricted(
                "latest",
                noPodLevel.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, runAsNonRoot: true,")))
        .isEmpty();
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, runAsNonRoot: false,")))
        .containsExactly("runAsNonRoot");
  }

  @ParameterizedTest
  @CsvSource({"v1.34, true", "v1.35, false"})
  void runAsNonRootAndRunAsUserSkippedInUserNamespaceSince135(String version, boolean forbidden) {
    String spec =
        "hostUsers: false\n" + RESTRICTED_OK.replace("runAsNonRoot: true", "runAsUser: 0");
    Set<String> failed = restricted(version, spec);
    assertThat(failed.contains("runAsNonRoot")).isEqualTo(forbidden);
    assertThat(failed.contains("runAsUser")).isEqualTo(forbidden);
  }

  @ParameterizedTest
  @CsvSource({"v1.7, false", "v1.8, true", "latest, true"})
  void allowPrivilegeEscalationSince18(String version, boolean forbidden) {
    String spec = RESTRICTED_OK.replace("allowPrivilegeEscalation: false, ", "");
    assertThat(restricted(version, spec).contains("allowPrivilegeEscalation")).isEqualTo(forbidden);
  }

  @ParameterizedTest
  @CsvSource({"v1.24, true", "v1.25, false"})
  void windowsPodsSkipEscalationSeccompAndCapabilitiesSince125(String version, boolean checked) {
    String spec = "os: {name: windows}\nsecurityContext: {runAsNonRoot: true}\n" + c("{}");
    Set<String> failed = restricted(version, spec);
    assertThat(failed.contains("allowPrivilegeEscalation")).isEqualTo(checked);
    assertThat(failed.contains("seccompProfile_restricted")).isEqualTo(checked);
    assertThat(failed.contains("capabilities_restricted")).isEqualTo(checked);
  }

  @Test
  void seccompProfileRestricted() {
    String noPodProfile = RESTRICTED_OK.replace(", seccompProfile: {type: RuntimeDefault}", "");
    assertThat(restricted("latest", noPodProfile)).containsExactly("seccompProfile_restricted");
    assertThat(
            restricted(
                "latest",
                noPodProfile.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, seccompProfile: {type: Localhost, localhostProfile: p},")))
        .isEmpty();
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, seccompProfile: {type: Unconfined},")))
        .as("restricted replaces the baseline seccomp check")
        .containsExactly("seccompProfile_restricted");
  }

  @ParameterizedTest
  @CsvSource({"v1.18, false", "v1.19, true"})
  void seccompRestrictedSince119(String version, boolean forbidden) {
    String noPodProfile = RESTRICTED_OK.replace(", seccompProfile: {type: RuntimeDefault}", "");
    assertThat(restricted(version, noPodProfile).contains("seccompProfile_restricted"))
        .isEqualTo(forbidden);
  }

  @Test
  void capabilitiesRestricted() {
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace("drop: [ALL]", "drop: [ALL], add: [NET_BIND_SERVICE]")))
        .isEmpty();
    assertThat(restricted("latest", RESTRICTED_OK.replace("drop: [ALL]", "drop: [NET_RAW]")))
        .containsExactly("capabilities_restricted");
    assertThat(
            restricted("latest", RESTRICTED_OK.replace("drop: [ALL]", "drop: [ALL], add: [CHOWN]")))
        .as("restricted replaces the baseline capabilities check")
        .containsExactly("capabilities_restricted");
  }

  @ParameterizedTest
  @CsvSource({"v1.21, false", "v1.22, true"})
  void capabilitiesRestrictedSince122(String version, boolean forbidden) {
    assertThat(
            restricted(version, RESTRICTED_OK.replace("drop: [ALL]", "drop: []"))
                .contains("capabilities_restricted"))
        .isEqualTo(forbidden);
  }

  @Test
  void runAsUser() {
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace("runAsNonRoot: true", "runAsNonRoot: true, runAsUser: 1000")))
        .isEmpty();
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace("runAsNonRoot: true", "runAsNonRoot: true, runAsUser: 0")))
        .containsExactly("runAsUser");
  }

  @ParameterizedTest
  @CsvSource({"v1.22, false", "v1.23, true"})
  void runAsUserSince123(String version, boolean forbidden) {
    assertThat(
            restricted(
                    version,
                    RESTRICTED_OK.replace("runAsNonRoot: true", "runAsNonRoot: true, runAsUser: 0"))
                .contains("runAsUser"))
        .isEqualTo(forbidden);
  }

  @Test
  void procMountRestricted() {
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, procMount: Default,")))
        .isEmpty();
    assertThat(
            restricted(
                "latest",
                RESTRICTED_OK.replace(
                    "allowPrivilegeEscalation: false,",
                    "allowPrivilegeEscalation: false, procMount: Unmasked,")))
        .containsExactly("procMount_restricted");
  }

  @Test
  void versionsNewerThanKnownAreLatestAndBadVersionsAreRejected() {
    assertThat(PssVersion.parse("v1.99")).isEqualTo(PssVersion.LATEST);
    assertThat(PssVersion.parse("v1.36").toString()).isEqualTo("v1.36");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PssVersion.parse("1.36"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
