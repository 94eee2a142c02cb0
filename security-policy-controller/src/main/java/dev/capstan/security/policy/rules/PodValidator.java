package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.AllowedHostPath;
import dev.capstan.crds.security.v1alpha1.GroupStrategy;
import dev.capstan.crds.security.v1alpha1.IdRange;
import dev.capstan.crds.security.v1alpha1.RunAsUserStrategy;
import dev.capstan.crds.security.v1alpha1.SeLinuxStrategy;
import dev.capstan.security.policy.Violation;
import dev.capstan.security.policy.pod.ContainerView;
import dev.capstan.security.policy.pod.Effective;
import dev.capstan.security.policy.pod.VolumeTypes;
import dev.capstan.security.policy.standards.PodSecurityStandards;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A policy's validation, PodSecurityPolicy's {@code ValidatePod}/{@code ValidateContainer}, field
 * by field and strategy by strategy, followed by the base profile's checks. Every violation is
 * reported, not only the first.
 */
public final class PodValidator {

  private PodValidator() {}

  public static List<Violation> validate(CompiledPolicy p, Pod pod) {
    return validate(p, pod, null);
  }

  /**
   * @param baseChecks where the base profile's verdicts on this pod are kept across the policies of
   *     one selection; null to evaluate afresh
   */
  public static List<Violation> validate(CompiledPolicy p, Pod pod, BaseCheckMemo baseChecks) {
    List<Violation> v = new ArrayList<>();
    PodSpec spec = Effective.spec(pod);
    PodSecurityContext psc = spec.getSecurityContext();
    String scPath = "spec.securityContext";
    Long fsGroup = psc == null ? null : psc.getFsGroup();
    groups(
        v,
        scPath + ".fsGroup",
        "fsGroup",
        p.fsGroupRule(),
        p.fsGroupRanges(),
        fsGroup == null ? List.of() : List.of(fsGroup));
    groups(
        v,
        scPath + ".supplementalGroups",
        "supplementalGroups",
        p.supplementalGroupsRule(),
        p.supplementalGroupsRanges(),
        psc == null || psc.getSupplementalGroups() == null
            ? List.of()
            : psc.getSupplementalGroups());
    seccompPod(v, p, pod);
    if (p.seLinuxRule() == SeLinuxStrategy.Rule.MustRunAs) {
      seLinux(
          v, p, scPath + ".seLinuxOptions", "pod", psc == null ? null : psc.getSeLinuxOptions());
    }
    if (!p.allowHostNetwork() && Effective.isTrue(spec.getHostNetwork())) {
      v.add(
          Violation.policy(
              "spec.hostNetwork", "host namespace", "Host network is not allowed to be used"));
    }
    if (!p.allowHostPid() && Effective.isTrue(spec.getHostPID())) {
      v.add(
          Violation.policy("spec.hostPID", "host namespace", "Host PID is not allowed to be used"));
    }
    if (!p.allowHostIpc() && Effective.isTrue(spec.getHostIPC())) {
      v.add(
          Violation.policy("spec.hostIPC", "host namespace", "Host IPC is not allowed to be used"));
    }
    sysctls(v, p, psc);
    volumes(v, p, pod);
    String runtimeClass = spec.getRuntimeClassName();
    if (runtimeClass != null
        && p.allowedRuntimeClasses() != null
        && !p.allowedRuntimeClasses().contains(runtimeClass)) {
      v.add(
          Violation.policy(
              "spec.runtimeClassName",
              "runtime class not allowed",
              "RuntimeClass \""
                  + runtimeClass
                  + "\" is not allowed. Allowed: "
                  + p.allowedRuntimeClasses()));
    }
    for (ContainerView c : ContainerView.all(spec)) {
      container(v, p, pod, c);
    }
    if (p.hasBase()) {
      v.addAll(
          baseChecks == null
              ? PodSecurityStandards.evaluate(p.base(), p.baseVersion(), pod)
              : baseChecks.evaluate(p.base(), p.baseVersion(), pod));
    }
    return v;
  }

  private static void container(List<Violation> v, CompiledPolicy p, Pod pod, ContainerView c) {
    Long runAsUser = Effective.runAsUser(pod, c);
    Boolean runAsNonRoot = Effective.runAsNonRoot(pod, c);
    if (p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAs) {
      if (runAsUser == null) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.runAsUser",
                "Required value",
                c.describe()
                    + ": runAsUser must be set, in the ranges "
                    + IdRanges.format(p.runAsUserRanges())));
      } else if (!IdRanges.contains(p.runAsUserRanges(), runAsUser)) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.runAsUser",
                "Invalid value: " + runAsUser,
                c.describe() + ": must be in the ranges " + IdRanges.format(p.runAsUserRanges())));
      }
    } else if (p.runAsUserRule() == RunAsUserStrategy.Rule.MustRunAsNonRoot) {
      if (runAsNonRoot == null && runAsUser == null) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.runAsNonRoot",
                "Required value",
                c.describe() + ": must be true (or runAsUser set to a non-zero UID)"));
      }
      if (Boolean.FALSE.equals(runAsNonRoot)) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.runAsNonRoot",
                "Invalid value: false",
                c.describe() + ": must be true"));
      }
      if (runAsUser != null && runAsUser == 0) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.runAsUser",
                "Invalid value: 0",
                c.describe() + ": running with the root UID is forbidden"));
      }
    }
    if (p.runAsGroupRule() != GroupStrategy.Rule.RunAsAny) { // its messages cost strings
      Long runAsGroup = Effective.runAsGroup(pod, c);
      groups(
          v,
          c.path() + ".securityContext.runAsGroup",
          c.describe() + " runAsGroup",
          p.runAsGroupRule(),
          p.runAsGroupRanges(),
          runAsGroup == null ? List.of() : List.of(runAsGroup));
    }
    if (p.seLinuxRule() == SeLinuxStrategy.Rule.MustRunAs) {
      seLinux(
          v,
          p,
          c.path() + ".securityContext.seLinuxOptions",
          c.describe(),
          Effective.seLinuxOptions(pod, c));
    }
    appArmor(v, p, pod, c);
    seccompContainer(v, p, pod, c);
    if (!p.allowPrivileged()
        && Effective.isTrue(Effective.container(c, SecurityContext::getPrivileged))) {
      v.add(
          Violation.policy(
              c.path() + ".securityContext.privileged",
              "privileged",
              c.describe() + ": Privileged containers are not allowed"));
    }
    String procMount = Effective.container(c, SecurityContext::getProcMount);
    String effectiveProcMount = procMount == null ? "Default" : procMount;
    if (p.allowedProcMountTypes() != null
        && !p.allowedProcMountTypes().contains(effectiveProcMount)) {
      v.add(
          Violation.policy(
              c.path() + ".securityContext.procMount",
              "Invalid value: " + effectiveProcMount,
              c.describe()
                  + ": ProcMountType is not allowed; allowed: "
                  + p.allowedProcMountTypes()));
    }
    capabilities(v, p, c);
    hostPorts(v, p, c);
    if (p.requireReadOnlyRootFilesystem()) {
      Boolean ro = Effective.container(c, SecurityContext::getReadOnlyRootFilesystem);
      if (ro == null) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.readOnlyRootFilesystem",
                "Required value",
                c.describe() + ": ReadOnlyRootFilesystem may not be nil and must be set to true"));
      } else if (!ro) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.readOnlyRootFilesystem",
                "Invalid value: false",
                c.describe() + ": ReadOnlyRootFilesystem must be set to true"));
      }
    }
    Boolean escalation = Effective.container(c, SecurityContext::getAllowPrivilegeEscalation);
    if (!p.allowPrivilegeEscalation() && !Boolean.FALSE.equals(escalation)) {
      v.add(
          Violation.policy(
              c.path() + ".securityContext.allowPrivilegeEscalation",
              "Invalid value: " + escalation,
              c.describe() + ": Allowing privilege escalation for containers is not allowed"));
    }
  }

  private static void groups(
      List<Violation> v,
      String path,
      String what,
      GroupStrategy.Rule rule,
      List<IdRange> ranges,
      List<Long> groups) {
    if (rule == GroupStrategy.Rule.RunAsAny) {
      return;
    }
    if (groups.isEmpty()) {
      if (rule == GroupStrategy.Rule.MustRunAs) {
        v.add(
            Violation.policy(
                path,
                "Required value",
                what
                    + ": unable to validate empty groups against required ranges "
                    + IdRanges.format(ranges)));
      }
      return;
    }
    for (Long group : groups) {
      if (!IdRanges.contains(ranges, group)) {
        v.add(
            Violation.policy(
                path,
                "Invalid value: " + group,
                what + ": group " + group + " must be in the ranges " + IdRanges.format(ranges)));
      }
    }
  }

  private static void seLinux(
      List<Violation> v, CompiledPolicy p, String path, String who, SELinuxOptions actual) {
    var expected = p.seLinuxOptions();
    if (actual == null) {
      v.add(Violation.policy(path, "Required value", who + ": seLinuxOptions must be set"));
      return;
    }
    if (!SeLinuxLevels.equal(expected.getLevel(), actual.getLevel())) {
      v.add(
          Violation.policy(
              path + ".level",
              "Invalid value: " + actual.getLevel(),
              who + ": must be " + expected.getLevel()));
    }
    if (!Objects.equals(blank(expected.getRole()), blank(actual.getRole()))) {
      v.add(
          Violation.policy(
              path + ".role",
              "Invalid value: " + actual.getRole(),
              who + ": must be " + expected.getRole()));
    }
    if (!Objects.equals(blank(expected.getType()), blank(actual.getType()))) {
      v.add(
          Violation.policy(
              path + ".type",
              "Invalid value: " + actual.getType(),
              who + ": must be " + expected.getType()));
    }
    if (!Objects.equals(blank(expected.getUser()), blank(actual.getUser()))) {
      v.add(
          Violation.policy(
              path + ".user",
              "Invalid value: " + actual.getUser(),
              who + ": must be " + expected.getUser()));
    }
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }

  private static void seccompPod(List<Violation> v, CompiledPolicy p, Pod pod) {
    if (p.seccompAllowed() == null) {
      return;
    }
    String profile = Effective.podSeccomp(pod);
    String path = "spec.securityContext.seccompProfile";
    if (p.seccompAllowed().isEmpty()) {
      if (profile != null) {
        v.add(
            Violation.policy(
                path,
                "Forbidden",
                "seccomp may not be set (the policy allows no seccomp profile), got " + profile));
      }
      return;
    }
    if (profile == null || !p.seccompAllowed().contains(profile)) {
      v.add(
          Violation.policy(
              path,
              "Forbidden",
              (profile == null ? "no profile" : profile)
                  + " is not an allowed seccomp profile. Valid values are "
                  + p.seccompAllowed()));
    }
  }

  /** Only a container's own profile is judged here; one it inherits was judged at pod level. */
  private static void seccompContainer(
      List<Violation> v, CompiledPolicy p, Pod pod, ContainerView c) {
    if (p.seccompAllowed() == null) {
      return;
    }
    String own = Effective.containerSeccomp(pod, c);
    if (own == null) {
      return;
    }
    String path = c.path() + ".securityContext.seccompProfile";
    if (p.seccompAllowed().isEmpty()) {
      v.add(
          Violation.policy(
              path, "Forbidden", c.describe() + ": seccomp may not be set, got " + own));
    } else if (!p.seccompAllowed().contains(own)) {
      v.add(
          Violation.policy(
              path,
              "Forbidden",
              c.describe()
                  + ": "
                  + own
                  + " is not an allowed seccomp profile. Valid values are "
                  + p.seccompAllowed()));
    }
  }

  private static void appArmor(List<Violation> v, CompiledPolicy p, Pod pod, ContainerView c) {
    if (p.appArmorAllowed() == null) {
      return;
    }
    String profile = Effective.appArmor(pod, c);
    String path = c.path() + ".securityContext.appArmorProfile";
    if (profile == null) {
      if (!p.appArmorAllowed().isEmpty()) {
        v.add(
            Violation.policy(
                path,
                "Forbidden",
                c.describe() + ": AppArmor profile must be set, one of " + p.appArmorAllowed()));
      }
      return;
    }
    if (!p.appArmorAllowed().contains(profile)) {
      v.add(
          Violation.policy(
              path,
              "Forbidden",
              c.describe()
                  + ": "
                  + profile
                  + " is not an allowed profile. Allowed values: "
                  + p.appArmorAllowed()));
    }
  }

  private static void capabilities(List<Violation> v, CompiledPolicy p, ContainerView c) {
    Capabilities caps = Effective.container(c, SecurityContext::getCapabilities);
    if (caps == null) {
      // nothing requested and nothing defaulted, but the policy adds or drops by default
      if (!p.requiredDropCapabilities().isEmpty() || !p.defaultAddCapabilities().isEmpty()) {
        v.add(
            Violation.policy(
                c.path() + ".securityContext.capabilities",
                "Required value",
                c.describe()
                    + ": required capabilities are not set on the securityContext (add "
                    + p.defaultAddCapabilities()
                    + ", drop "
                    + p.requiredDropCapabilities()
                    + ")"));
      }
      return;
    }
    List<String> add = caps.getAdd() == null ? List.of() : caps.getAdd();
    List<String> drop = caps.getDrop() == null ? List.of() : caps.getDrop();
    if (p.allowedCapabilities() != null) {
      for (int i = 0; i < add.size(); i++) {
        String cap = add.get(i);
        if (!p.defaultAddCapabilities().contains(cap) && !p.allowedCapabilities().contains(cap)) {
          v.add(
              Violation.policy(
                  c.path() + ".securityContext.capabilities.add[" + i + "]",
                  "Invalid value: " + cap,
                  c.describe() + ": capability may not be added; allowed: " + allowedAdds(p)));
        }
      }
    }
    // a container drops a handful at most: the list itself is the fastest set
    if (!drop.contains("ALL")) {
      for (String required : p.requiredDropCapabilities()) {
        if (!drop.contains(required)) {
          v.add(
              Violation.policy(
                  c.path() + ".securityContext.capabilities.drop",
                  "Invalid value: " + drop,
                  c.describe() + ": " + required + " is required to be dropped but was not found"));
        }
      }
    }
  }

  private static List<String> allowedAdds(CompiledPolicy p) {
    List<String> allowed = new ArrayList<>(p.defaultAddCapabilities());
    p.allowedCapabilities().stream().filter(cap -> !allowed.contains(cap)).forEach(allowed::add);
    return allowed;
  }

  private static void hostPorts(List<Violation> v, CompiledPolicy p, ContainerView c) {
    if (p.hostPorts() == null) {
      return;
    }
    List<ContainerPort> ports = c.ports();
    for (int i = 0; i < ports.size(); i++) {
      Integer port = ports.get(i).getHostPort();
      if (port != null && port > 0 && !IdRanges.containsPort(p.hostPorts(), port)) {
        v.add(
            Violation.policy(
                c.path() + ".ports[" + i + "].hostPort",
                "Invalid value: " + port,
                c.describe()
                    + ": Host port "
                    + port
                    + " is not allowed to be used. Allowed ports: "
                    + IdRanges.formatPorts(p.hostPorts())));
      }
    }
  }

  private static void sysctls(List<Violation> v, CompiledPolicy p, PodSecurityContext psc) {
    List<Sysctl> sysctls = psc == null || psc.getSysctls() == null ? List.of() : psc.getSysctls();
    for (int i = 0; i < sysctls.size(); i++) {
      String name = sysctls.get(i).getName();
      String path = "spec.securityContext.sysctls[" + i + "]";
      if (Sysctls.matchesAny(p.forbiddenSysctls(), name)) {
        v.add(Violation.policy(path, "Forbidden", "sysctl \"" + name + "\" is not allowed"));
      } else if (p.allowedUnsafeSysctls() != null
          && !p.safeSysctls().contains(name)
          && !Sysctls.matchesAny(p.allowedUnsafeSysctls(), name)) {
        v.add(Violation.policy(path, "Forbidden", "unsafe sysctl \"" + name + "\" is not allowed"));
      }
    }
  }

  private static void volumes(List<Violation> v, CompiledPolicy p, Pod pod) {
    PodSpec spec = Effective.spec(pod);
    List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      String path = "spec.volumes[" + i + "]";
      String type = VolumeTypes.of(volume);
      if (VolumeTypes.isOnlyServiceAccountToken(volume)) {
        type = "secret";
      }
      if (p.volumes() != null
          && !p.volumes().contains(type)
          && !(type.equals("secret")
              && p.volumes().contains("projected")
              && volume.getProjected() != null)) {
        v.add(
            Violation.policy(
                path,
                "Invalid value: " + type,
                type
                    + " volumes are not allowed to be used (volume \""
                    + volume.getName()
                    + "\")"));
        continue;
      }
      if (volume.getHostPath() != null) {
        hostPath(v, p, pod, volume, path);
      }
      if (volume.getFlexVolume() != null
          && !p.allowedFlexVolumes().isEmpty()
          && !p.allowedFlexVolumes().contains(volume.getFlexVolume().getDriver())) {
        v.add(
            Violation.policy(
                path + ".flexVolume.driver",
                "Invalid value: " + volume.getFlexVolume().getDriver(),
                "Flexvolume driver is not allowed to be used; allowed: " + p.allowedFlexVolumes()));
      }
      if (volume.getCsi() != null
          && !p.allowedCsiDrivers().isEmpty()
          && !p.allowedCsiDrivers().contains(volume.getCsi().getDriver())) {
        v.add(
            Violation.policy(
                path + ".csi.driver",
                "Invalid value: " + volume.getCsi().getDriver(),
                "Inline CSI driver is not allowed to be used; allowed: " + p.allowedCsiDrivers()));
      }
    }
  }

  private static void hostPath(
      List<Violation> v, CompiledPolicy p, Pod pod, Volume volume, String path) {
    if (p.allowedHostPaths().isEmpty()) {
      return;
    }
    String hostPath = volume.getHostPath().getPath();
    boolean allowed = false;
    boolean readOnly = true;
    for (AllowedHostPath allowedPath : p.allowedHostPaths()) {
      if (hasPathPrefix(hostPath, allowedPath.getPathPrefix())) {
        allowed = true;
        readOnly &= Boolean.TRUE.equals(allowedPath.getReadOnly());
      }
    }
    if (!allowed) {
      v.add(
          Violation.policy(
              path + ".hostPath.path",
              "Invalid value: " + hostPath,
              "hostPath "
                  + hostPath
                  + " is not allowed to be used; allowed prefixes: "
                  + p.allowedHostPaths().stream().map(AllowedHostPath::getPathPrefix).toList()));
      return;
    }
    if (readOnly) {
      for (ContainerView c : ContainerView.all(pod.getSpec())) {
        List<VolumeMount> mounts = c.volumeMounts();
        for (int i = 0; i < mounts.size(); i++) {
          if (volume.getName().equals(mounts.get(i).getName())
              && !Boolean.TRUE.equals(mounts.get(i).getReadOnly())) {
            v.add(
                Violation.policy(
                    c.path() + ".volumeMounts[" + i + "].readOnly",
                    "Invalid value: false",
                    c.describe() + ": hostPath " + hostPath + " must be mounted read-only"));
          }
        }
      }
    }
  }

  /** Segment-aware: /foo is a prefix of /foo and /foo/bar, not of /foobar. */
  static boolean hasPathPrefix(String path, String prefix) {
    if (path == null || prefix == null) {
      return false;
    }
    Path p = Path.of(path).normalize();
    Path pre = Path.of(prefix).normalize();
    return p.startsWith(pre);
  }
}
