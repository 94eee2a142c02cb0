package dev.capstan.security.policy.standards;

import static dev.capstan.security.policy.pod.Effective.container;
import static dev.capstan.security.policy.pod.Effective.isTrue;

import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.security.policy.Violation;
import dev.capstan.security.policy.pod.ContainerView;
import dev.capstan.security.policy.pod.Effective;
import dev.capstan.security.policy.pod.VolumeTypes;
import dev.capstan.security.policy.standards.PssCheck.Finding;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes Pod Security Standards, check by check and version by version, as {@code
 * kubernetes/pod-security-admission} ({@code policy/check_*.go}) implements them. Every check
 * visits init, regular and ephemeral containers. Restricted is baseline plus the restricted checks;
 * a restricted check that is a stricter form of a baseline check replaces it.
 */
public final class PodSecurityStandards {

  private static final Map<LevelAt, List<PssCheck>> CHECKS_BY_LEVEL = new ConcurrentHashMap<>();

  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t");
  private static final Set<String> SELINUX_TYPES_SINCE_31 =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  /** The cache key of a level's checks at a version (a string key cost a concatenation a call). */
  private record LevelAt(PodSecurityLevel level, PssVersion version) {}

  private static final Map<String, Set<String>> SAFE_SYSCTLS = new ConcurrentHashMap<>();

  /** Capabilities baseline pods may add. */
  public static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /** Volume types restricted pods may use. */
  public static final Set<String> RESTRICTED_VOLUMES =
      Set.of(
          "configMap",
          "downwardAPI",
          "emptyDir",
          "projected",
          "secret",
          "csi",
          "persistentVolumeClaim",
          "ephemeral",
          "image");

  private static final List<PssCheck> CHECKS = new ArrayList<>();

  static {
    CHECKS.add(
        check(
            "privileged",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::privileged));
    CHECKS.add(
        check(
            "hostNamespaces",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::hostNamespaces));
    CHECKS.add(
        check(
            "hostPorts",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::hostPorts));
    CHECKS.add(
        check(
            "hostPathVolumes",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::hostPathVolumes));
    CHECKS.add(
        check(
            "capabilities_baseline",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::capabilitiesBaseline));
    CHECKS.add(
        check(
            "appArmorProfile",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::appArmorProfile));
    CHECKS.add(
        check(
            "seLinuxOptions",
            PodSecurityLevel.baseline,
            List.of(0, 31),
            List.of(),
            PodSecurityStandards::seLinuxOptions));
    CHECKS.add(
        check(
            "procMount",
            PodSecurityLevel.baseline,
            List.of(0, 35),
            List.of(),
            PodSecurityStandards::procMountBaseline));
    CHECKS.add(
        check(
            "seccompProfile_baseline",
            PodSecurityLevel.baseline,
            List.of(0, 19),
            List.of(),
            PodSecurityStandards::seccompBaseline));
    CHECKS.add(
        check(
            "sysctls",
            PodSecurityLevel.baseline,
            List.of(0, 27, 29, 32, 37),
            List.of(),
            PodSecurityStandards::sysctls));
    CHECKS.add(
        check(
            "windowsHostProcess",
            PodSecurityLevel.baseline,
            List.of(0),
            List.of(),
            PodSecurityStandards::windowsHostProcess));
    CHECKS.add(
        check(
            "hostProbesAndHostLifecycle",
            PodSecurityLevel.baseline,
            List.of(34),
            List.of(),
            PodSecurityStandards::hostProbesAndLifecycle));
    CHECKS.add(
        check(
            "restrictedVolumes",
            PodSecurityLevel.restricted,
            List.of(0),
            List.of(),
            PodSecurityStandards::restrictedVolumes));
    CHECKS.add(
        check(
            "runAsNonRoot",
            PodSecurityLevel.restricted,
            List.of(0, 35),
            List.of(),
            PodSecurityStandards::runAsNonRoot));
    CHECKS.add(
        check(
            "allowPrivilegeEscalation",
            PodSecurityLevel.restricted,
            List.of(8, 25),
            List.of(),
            PodSecurityStandards::allowPrivilegeEscalation));
    CHECKS.add(
        check(
            "seccompProfile_restricted",
            PodSecurityLevel.restricted,
            List.of(19, 25),
            List.of("seccompProfile_baseline"),
            PodSecurityStandards::seccompRestricted));
    CHECKS.add(
        check(
            "capabilities_restricted",
            PodSecurityLevel.restricted,
            List.of(22, 25),
            List.of("capabilities_baseline"),
            PodSecurityStandards::capabilitiesRestricted));
    CHECKS.add(
        check(
            "runAsUser",
            PodSecurityLevel.restricted,
            List.of(23, 35),
            List.of(),
            PodSecurityStandards::runAsUser));
    CHECKS.add(
        check(
            "procMount_restricted",
            PodSecurityLevel.restricted,
            List.of(35),
            List.of("procMount"),
            PodSecurityStandards::procMountRestricted));
  }

  private PodSecurityStandards() {}

  private static PssCheck check(
      String id,
      PodSecurityLevel level,
      List<Integer> revisions,
      List<String> overrides,
      PssCheck.Rule rule) {
    return new PssCheck(id, level, revisions.get(0), revisions, overrides, rule);
  }

  /** Every check this build knows. */
  public static List<PssCheck> checks() {
    return List.copyOf(CHECKS);
  }

  /**
   * The checks of a level at a version, with overridden baseline checks left out. Immutable and
   * computed once per level and version: every admission asks for them.
   */
  public static List<PssCheck> checks(PodSecurityLevel level, PssVersion version) {
    return CHECKS_BY_LEVEL.computeIfAbsent(
        new LevelAt(level, version), key -> List.copyOf(activeChecks(level, version)));
  }

  private static List<PssCheck> activeChecks(PodSecurityLevel level, PssVersion version) {
    List<PssCheck> active = new ArrayList<>();
    for (PssCheck check : CHECKS) {
      if (check.level().compareTo(level) <= 0
          && level != PodSecurityLevel.privileged
          && check.appliesAt(version)) {
        active.add(check);
      }
    }
    Set<String> overridden = new HashSet<>();
    active.forEach(c -> overridden.addAll(c.overrides()));
    active.removeIf(c -> overridden.contains(c.id()));
    return active;
  }

  /** Every violation of the level at the version; empty when the pod meets it. */
  public static List<Violation> evaluate(PodSecurityLevel level, PssVersion version, Pod pod) {
    List<Violation> violations = new ArrayList<>();
    for (PssCheck check : checks(level, version)) {
      List<Finding> findings = check.rule().check(pod, version);
      if (findings.isEmpty()) {
        continue; // most checks pass: name the source only for a failing one
      }
      String source = level + ":" + version + "/" + check.id();
      for (Finding f : findings) {
        violations.add(new Violation(f.field(), f.reason(), f.detail(), source));
      }
    }
    return violations;
  }

  /** The sysctls the baseline level allows at a version (the "safe" set); immutable, cached. */
  public static Set<String> safeSysctls(PssVersion version) {
    return SAFE_SYSCTLS.computeIfAbsent(
        version.toString(), key -> Collections.unmodifiableSet(safeSysctlsAt(version)));
  }

  private static Set<String> safeSysctlsAt(PssVersion version) {
    Set<String> safe = new LinkedHashSet<>();
    safe.add("kernel.shm_rmid_forced");
    safe.add("net.ipv4.ip_local_port_range");
    safe.add("net.ipv4.tcp_syncookies");
    safe.add("net.ipv4.ping_group_range");
    safe.add("net.ipv4.ip_unprivileged_port_start");
    if (version.atLeast(27)) {
      safe.add("net.ipv4.ip_local_reserved_ports");
    }
    if (version.atLeast(29)) {
      safe.add("net.ipv4.tcp_keepalive_time");
      safe.add("net.ipv4.tcp_fin_timeout");
      safe.add("net.ipv4.tcp_keepalive_intvl");
      safe.add("net.ipv4.tcp_keepalive_probes");
    }
    if (version.atLeast(32)) {
      safe.add("net.ipv4.tcp_rmem");
      safe.add("net.ipv4.tcp_wmem");
    }
    if (version.atLeast(37)) {
      safe.add("net.ipv4.tcp_slow_start_after_idle");
      safe.add("net.ipv4.tcp_notsent_lowat");
    }
    return safe;
  }

  // ---- baseline ----

  private static List<Finding> privileged(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      if (isTrue(container(c, SecurityContext::getPrivileged))) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.privileged",
                "privileged",
                c.describe() + " must not set securityContext.privileged=true"));
      }
    }
    return findings;
  }

  private static List<Finding> hostNamespaces(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    PodSpec spec = Effective.spec(pod);
    if (isTrue(spec.getHostNetwork())) {
      findings.add(new Finding("spec.hostNetwork", "host namespaces", "hostNetwork=true"));
    }
    if (isTrue(spec.getHostPID())) {
      findings.add(new Finding("spec.hostPID", "host namespaces", "hostPID=true"));
    }
    if (isTrue(spec.getHostIPC())) {
      findings.add(new Finding("spec.hostIPC", "host namespaces", "hostIPC=true"));
    }
    return findings;
  }

  private static List<Finding> hostPorts(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      List<ContainerPort> ports = c.ports();
      for (int i = 0; i < ports.size(); i++) {
        Integer hostPort = ports.get(i).getHostPort();
        if (hostPort != null && hostPort != 0) {
          findings.add(
              new Finding(
                  c.path() + ".ports[" + i + "].hostPort",
                  "hostPort",
                  c.describe() + " uses hostPort " + hostPort));
        }
      }
    }
    return findings;
  }

  private static List<Finding> hostPathVolumes(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    List<Volume> volumes = volumes(pod);
    for (int i = 0; i < volumes.size(); i++) {
      if (volumes.get(i).getHostPath() != null) {
        findings.add(
            new Finding(
                "spec.volumes[" + i + "].hostPath",
                "hostPath volumes",
                "volume \""
                    + volumes.get(i).getName()
                    + "\" uses hostPath "
                    + volumes.get(i).getHostPath().getPath()));
      }
    }
    return findings;
  }

  private static List<Finding> capabilitiesBaseline(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      Capabilities caps = container(c, SecurityContext::getCapabilities);
      List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
      for (int i = 0; i < add.size(); i++) {
        if (!BASELINE_CAPABILITIES.contains(add.get(i))) {
          findings.add(
              new Finding(
                  c.path() + ".securityContext.capabilities.add[" + i + "]",
                  "non-default capabilities",
                  c.describe()
                      + " must not include \""
                      + add.get(i)
                      + "\" in securityContext.capabilities.add"));
        }
      }
    }
    return findings;
  }

  private static List<Finding> appArmorProfile(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, String> a : annotations(pod).entrySet()) {
      if (a.getKey().startsWith(Effective.APPARMOR_CONTAINER_ANNOTATION_PREFIX)) {
        String value = a.getValue();
        if (!(value == null
            || value.isEmpty()
            || "runtime/default".equals(value)
            || value.startsWith("localhost/"))) {
          findings.add(
              new Finding(
                  "metadata.annotations[" + a.getKey() + "]",
                  "forbidden AppArmor profile",
                  "annotation " + a.getKey() + "=\"" + value + "\""));
        }
      }
    }
    PodSecurityContext psc = Effective.podContext(pod);
    if (psc != null && badAppArmor(psc.getAppArmorProfile())) {
      findings.add(
          new Finding(
              "spec.securityContext.appArmorProfile.type",
              "forbidden AppArmor profile",
              "pod must not set securityContext.appArmorProfile.type="
                  + psc.getAppArmorProfile().getType()));
    }
    for (ContainerView c : containers(pod)) {
      AppArmorProfile profile = container(c, SecurityContext::getAppArmorProfile);
      if (badAppArmor(profile)) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.appArmorProfile.type",
                "forbidden AppArmor profile",
                c.describe()
                    + " must not set securityContext.appArmorProfile.type="
                    + profile.getType()));
      }
    }
    return findings;
  }

  private static boolean badAppArmor(AppArmorProfile profile) {
    return profile != null
        && profile.getType() != null
        && !"RuntimeDefault".equals(profile.getType())
        && !"Localhost".equals(profile.getType());
  }

  private static List<Finding> seLinuxOptions(Pod pod, PssVersion v) {
    Set<String> types = v.atLeast(31) ? SELINUX_TYPES_SINCE_31 : SELINUX_TYPES;
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    if (psc != null) {
      seLinux(
          findings, "spec.securityContext.seLinuxOptions", "pod", psc.getSeLinuxOptions(), types);
    }
    for (ContainerView c : containers(pod)) {
      seLinux(
          findings,
          c.path() + ".securityContext.seLinuxOptions",
          c.describe(),
          container(c, SecurityContext::getSeLinuxOptions),
          types);
    }
    return findings;
  }

  private static void seLinux(
      List<Finding> findings, String path, String who, SELinuxOptions o, Set<String> types) {
    if (o == null) {
      return;
    }
    if (o.getType() != null && !types.contains(o.getType())) {
      findings.add(
          new Finding(
              path + ".type",
              "seLinuxOptions",
              who + " must not set securityContext.seLinuxOptions.type \"" + o.getType() + "\""));
    }
    if (o.getUser() != null && !o.getUser().isEmpty()) {
      findings.add(
          new Finding(
              path + ".user",
              "seLinuxOptions",
              who + " must not set securityContext.seLinuxOptions.user \"" + o.getUser() + "\""));
    }
    if (o.getRole() != null && !o.getRole().isEmpty()) {
      findings.add(
          new Finding(
              path + ".role",
              "seLinuxOptions",
              who + " must not set securityContext.seLinuxOptions.role \"" + o.getRole() + "\""));
    }
  }

  private static List<Finding> procMountBaseline(Pod pod, PssVersion v) {
    if (v.atLeast(35) && Effective.usesUserNamespace(pod)) {
      return List.of();
    }
    return procMountDefault(pod);
  }

  private static List<Finding> procMountRestricted(Pod pod, PssVersion v) {
    return procMountDefault(pod);
  }

  private static List<Finding> procMountDefault(Pod pod) {
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      String procMount = container(c, SecurityContext::getProcMount);
      if (procMount != null && !"Default".equals(procMount)) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.procMount",
                "procMount",
                c.describe() + " must not set securityContext.procMount=" + procMount));
      }
    }
    return findings;
  }

  private static List<Finding> seccompBaseline(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    if (!v.atLeast(19)) {
      for (Map.Entry<String, String> a : annotations(pod).entrySet()) {
        boolean seccomp =
            a.getKey().equals(Effective.SECCOMP_POD_ANNOTATION)
                || a.getKey().startsWith(Effective.SECCOMP_CONTAINER_ANNOTATION_PREFIX);
        if (seccomp && "unconfined".equals(a.getValue())) {
          findings.add(
              new Finding(
                  "metadata.annotations[" + a.getKey() + "]",
                  "seccompProfile",
                  "annotation " + a.getKey() + "=\"unconfined\""));
        }
      }
      return findings;
    }
    PodSecurityContext psc = Effective.podContext(pod);
    if (psc != null
        && psc.getSeccompProfile() != null
        && "Unconfined".equals(psc.getSeccompProfile().getType())) {
      findings.add(
          new Finding(
              "spec.securityContext.seccompProfile.type",
              "seccompProfile",
              "pod must not set securityContext.seccompProfile.type=Unconfined"));
    }
    for (ContainerView c : containers(pod)) {
      SeccompProfile profile = container(c, SecurityContext::getSeccompProfile);
      if (profile != null && "Unconfined".equals(profile.getType())) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.seccompProfile.type",
                "seccompProfile",
                c.describe() + " must not set securityContext.seccompProfile.type=Unconfined"));
      }
    }
    return findings;
  }

  private static List<Finding> sysctls(Pod pod, PssVersion v) {
    Set<String> safe = safeSysctls(v);
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    List<Sysctl> sysctls = psc == null || psc.getSysctls() == null ? List.of() : psc.getSysctls();
    for (int i = 0; i < sysctls.size(); i++) {
      if (!safe.contains(sysctls.get(i).getName())) {
        findings.add(
            new Finding(
                "spec.securityContext.sysctls[" + i + "].name",
                "forbidden sysctls",
                sysctls.get(i).getName() + " is not in the " + v + " safe set"));
      }
    }
    return findings;
  }

  private static List<Finding> windowsHostProcess(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    if (psc != null && hostProcess(psc.getWindowsOptions())) {
      findings.add(
          new Finding(
              "spec.securityContext.windowsOptions.hostProcess",
              "hostProcess",
              "pod must not set securityContext.windowsOptions.hostProcess=true"));
    }
    for (ContainerView c : containers(pod)) {
      if (hostProcess(container(c, SecurityContext::getWindowsOptions))) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.windowsOptions.hostProcess",
                "hostProcess",
                c.describe() + " must not set securityContext.windowsOptions.hostProcess=true"));
      }
    }
    return findings;
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && isTrue(options.getHostProcess());
  }

  private static List<Finding> hostProbesAndLifecycle(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      for (Map.Entry<String, Probe> probe : c.probes().entrySet()) {
        host(
            findings,
            c,
            probe.getKey(),
            probe.getValue().getHttpGet(),
            probe.getValue().getTcpSocket());
      }
      for (Map.Entry<String, LifecycleHandler> handler : c.lifecycleHandlers().entrySet()) {
        host(
            findings,
            c,
            handler.getKey(),
            handler.getValue().getHttpGet(),
            handler.getValue().getTcpSocket());
      }
    }
    return findings;
  }

  private static void host(
      List<Finding> findings,
      ContainerView c,
      String field,
      HTTPGetAction http,
      TCPSocketAction tcp) {
    if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
      findings.add(
          new Finding(
              c.path() + "." + field + ".httpGet.host",
              "probe or lifecycle host",
              c.describe() + " must not set " + field + ".httpGet.host=" + http.getHost()));
    }
    if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
      findings.add(
          new Finding(
              c.path() + "." + field + ".tcpSocket.host",
              "probe or lifecycle host",
              c.describe() + " must not set " + field + ".tcpSocket.host=" + tcp.getHost()));
    }
  }

  // ---- restricted ----

  private static List<Finding> restrictedVolumes(Pod pod, PssVersion v) {
    List<Finding> findings = new ArrayList<>();
    List<Volume> volumes = volumes(pod);
    for (int i = 0; i < volumes.size(); i++) {
      String type = VolumeTypes.of(volumes.get(i));
      if (!RESTRICTED_VOLUMES.contains(type)) {
        findings.add(
            new Finding(
                "spec.volumes[" + i + "]",
                "restricted volume types",
                "volume \""
                    + volumes.get(i).getName()
                    + "\" uses restricted volume type \""
                    + type
                    + "\""));
      }
    }
    return findings;
  }

  private static List<Finding> runAsNonRoot(Pod pod, PssVersion v) {
    if (v.atLeast(35) && Effective.usesUserNamespace(pod)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    Boolean podValue = psc == null ? null : psc.getRunAsNonRoot();
    if (Boolean.FALSE.equals(podValue)) {
      findings.add(
          new Finding(
              "spec.securityContext.runAsNonRoot",
              "runAsNonRoot != true",
              "pod must not set securityContext.runAsNonRoot=false"));
    }
    for (ContainerView c : containers(pod)) {
      Boolean own = container(c, SecurityContext::getRunAsNonRoot);
      if (Boolean.FALSE.equals(own)) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.runAsNonRoot",
                "runAsNonRoot != true",
                c.describe() + " must not set securityContext.runAsNonRoot=false"));
      } else if (own == null && !Boolean.TRUE.equals(podValue)) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.runAsNonRoot",
                "runAsNonRoot != true",
                "pod or " + c.describe() + " must set securityContext.runAsNonRoot=true"));
      }
    }
    return findings;
  }

  private static List<Finding> allowPrivilegeEscalation(Pod pod, PssVersion v) {
    if (v.atLeast(25) && Effective.isWindows(pod)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      if (!Boolean.FALSE.equals(container(c, SecurityContext::getAllowPrivilegeEscalation))) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.allowPrivilegeEscalation",
                "allowPrivilegeEscalation != false",
                c.describe() + " must set securityContext.allowPrivilegeEscalation=false"));
      }
    }
    return findings;
  }

  private static List<Finding> seccompRestricted(Pod pod, PssVersion v) {
    if (v.atLeast(25) && Effective.isWindows(pod)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    SeccompProfile podProfile = psc == null ? null : psc.getSeccompProfile();
    boolean podValid = validRestrictedSeccomp(podProfile);
    if (podProfile != null && !podValid) {
      findings.add(
          new Finding(
              "spec.securityContext.seccompProfile.type",
              "seccompProfile",
              "pod must not set securityContext.seccompProfile.type=" + podProfile.getType()));
    }
    for (ContainerView c : containers(pod)) {
      SeccompProfile own = container(c, SecurityContext::getSeccompProfile);
      if (own != null && !validRestrictedSeccomp(own)) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.seccompProfile.type",
                "seccompProfile",
                c.describe()
                    + " must not set securityContext.seccompProfile.type="
                    + own.getType()));
      } else if (own == null && !podValid) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.seccompProfile.type",
                "seccompProfile",
                "pod or "
                    + c.describe()
                    + " must set securityContext.seccompProfile.type to RuntimeDefault or Localhost"));
      }
    }
    return findings;
  }

  private static boolean validRestrictedSeccomp(SeccompProfile profile) {
    return profile != null
        && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static List<Finding> capabilitiesRestricted(Pod pod, PssVersion v) {
    if (v.atLeast(25) && Effective.isWindows(pod)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (ContainerView c : containers(pod)) {
      Capabilities caps = container(c, SecurityContext::getCapabilities);
      List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
      if (!drop.contains("ALL")) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.capabilities.drop",
                "unrestricted capabilities",
                c.describe() + " must set securityContext.capabilities.drop=[\"ALL\"]"));
      }
      List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
      for (int i = 0; i < add.size(); i++) {
        if (!"NET_BIND_SERVICE".equals(add.get(i))) {
          findings.add(
              new Finding(
                  c.path() + ".securityContext.capabilities.add[" + i + "]",
                  "unrestricted capabilities",
                  c.describe()
                      + " must not include \""
                      + add.get(i)
                      + "\" in securityContext.capabilities.add"));
        }
      }
    }
    return findings;
  }

  private static List<Finding> runAsUser(Pod pod, PssVersion v) {
    if (v.atLeast(35) && Effective.usesUserNamespace(pod)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    PodSecurityContext psc = Effective.podContext(pod);
    if (psc != null && Long.valueOf(0).equals(psc.getRunAsUser())) {
      findings.add(
          new Finding(
              "spec.securityContext.runAsUser", "runAsUser=0", "pod must not set runAsUser=0"));
    }
    for (ContainerView c : containers(pod)) {
      if (Long.valueOf(0).equals(container(c, SecurityContext::getRunAsUser))) {
        findings.add(
            new Finding(
                c.path() + ".securityContext.runAsUser",
                "runAsUser=0",
                c.describe() + " must not set runAsUser=0"));
      }
    }
    return findings;
  }

  // ---- helpers ----

  private static List<ContainerView> containers(Pod pod) {
    return ContainerView.all(pod.getSpec());
  }

  private static List<Volume> volumes(Pod pod) {
    List<Volume> volumes = Effective.spec(pod).getVolumes();
    return volumes == null ? List.of() : volumes;
  }

  private static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of()
        : pod.getMetadata().getAnnotations();
  }
}
