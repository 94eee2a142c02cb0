package dev.capstan.security.policy.rules;

import dev.capstan.crds.security.v1alpha1.AllowedCsiDriver;
import dev.capstan.crds.security.v1alpha1.AllowedFlexVolume;
import dev.capstan.crds.security.v1alpha1.GroupStrategy;
import dev.capstan.crds.security.v1alpha1.HostPortRange;
import dev.capstan.crds.security.v1alpha1.IdRange;
import dev.capstan.crds.security.v1alpha1.PodSecurityLevel;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicySpec;
import dev.capstan.crds.security.v1alpha1.PolicyMode;
import dev.capstan.crds.security.v1alpha1.RunAsUserStrategy;
import dev.capstan.crds.security.v1alpha1.SeLinuxStrategy;
import dev.capstan.security.policy.pod.Effective;
import dev.capstan.security.policy.standards.PodSecurityStandards;
import dev.capstan.security.policy.standards.PssVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a policy's fields into a {@link CompiledPolicy}, or says why the policy is invalid. The
 * CRD's schema and CEL rules reject the same mistakes at apply time; this check guards against
 * objects stored before a rule existed, and is what status and the engine report (an invalid policy
 * is skipped, as PodSecurityPolicy skipped one it could not build a provider for).
 */
public final class PolicyCompiler {

  private PolicyCompiler() {}

  /** The compiled policy, or the errors that make it invalid. */
  public record Result(CompiledPolicy policy, List<String> errors) {
    public boolean valid() {
      return policy != null;
    }
  }

  public static Result compile(PodSecurityPolicy policy) {
    List<String> errors = new ArrayList<>();
    PodSecurityPolicySpec s =
        policy.getSpec() == null ? new PodSecurityPolicySpec() : policy.getSpec();
    String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
    boolean base = s.getBase() != null;
    PodSecurityLevel level = base ? s.getBase().getLevel() : null;
    if (base && level == null) {
      errors.add("spec.base.level: required (privileged, baseline or restricted)");
    }
    PssVersion version = PssVersion.LATEST;
    if (base) {
      try {
        version = PssVersion.parse(s.getBase().getVersion());
      } catch (IllegalArgumentException e) {
        errors.add("spec.base.version: " + e.getMessage());
      }
    }
    if (!base) {
      for (String[] required :
          new String[][] {
            {"runAsUser", s.getRunAsUser() == null ? null : "x"},
            {"seLinux", s.getSeLinux() == null ? null : "x"},
            {"supplementalGroups", s.getSupplementalGroups() == null ? null : "x"},
            {"fsGroup", s.getFsGroup() == null ? null : "x"}
          }) {
        if (required[1] == null) {
          errors.add(
              "spec."
                  + required[0]
                  + ": required without spec.base (rule RunAsAny allows any value)");
        }
      }
    }
    RunAsUserStrategy runAsUser = s.getRunAsUser();
    RunAsUserStrategy.Rule runAsUserRule =
        runAsUser == null || runAsUser.getRule() == null
            ? RunAsUserStrategy.Rule.RunAsAny
            : runAsUser.getRule();
    if (runAsUser != null && runAsUser.getRule() == null) {
      errors.add("spec.runAsUser.rule: required (MustRunAs, MustRunAsNonRoot or RunAsAny)");
    }
    List<IdRange> runAsUserRanges =
        ranges(
            "spec.runAsUser",
            runAsUser == null ? null : runAsUser.getRanges(),
            runAsUserRule == RunAsUserStrategy.Rule.MustRunAs,
            errors);
    GroupStrategy.Rule runAsGroupRule = groupRule("spec.runAsGroup", s.getRunAsGroup(), errors);
    List<IdRange> runAsGroupRanges =
        ranges(
            "spec.runAsGroup",
            s.getRunAsGroup() == null ? null : s.getRunAsGroup().getRanges(),
            runAsGroupRule != GroupStrategy.Rule.RunAsAny,
            errors);
    GroupStrategy.Rule supRule =
        groupRule("spec.supplementalGroups", s.getSupplementalGroups(), errors);
    List<IdRange> supRanges =
        ranges(
            "spec.supplementalGroups",
            s.getSupplementalGroups() == null ? null : s.getSupplementalGroups().getRanges(),
            supRule != GroupStrategy.Rule.RunAsAny,
            errors);
    GroupStrategy.Rule fsRule = groupRule("spec.fsGroup", s.getFsGroup(), errors);
    List<IdRange> fsRanges =
        ranges(
            "spec.fsGroup",
            s.getFsGroup() == null ? null : s.getFsGroup().getRanges(),
            fsRule != GroupStrategy.Rule.RunAsAny,
            errors);
    SeLinuxStrategy seLinux = s.getSeLinux();
    SeLinuxStrategy.Rule seLinuxRule =
        seLinux == null || seLinux.getRule() == null
            ? SeLinuxStrategy.Rule.RunAsAny
            : seLinux.getRule();
    if (seLinuxRule == SeLinuxStrategy.Rule.MustRunAs && seLinux.getSeLinuxOptions() == null) {
      errors.add("spec.seLinux: rule MustRunAs needs seLinuxOptions");
    }
    List<String> defaultAdd = list(s.getDefaultAddCapabilities());
    List<String> requiredDrop = list(s.getRequiredDropCapabilities());
    for (String cap : defaultAdd) {
      if (requiredDrop.contains(cap)) {
        errors.add(
            "spec.defaultAddCapabilities: "
                + cap
                + " is also in requiredDropCapabilities; remove it from one list");
      }
    }
    Set<String> allowedCaps = set(s.getAllowedCapabilities(), base);
    if (allowedCaps != null && allowedCaps.contains("*")) {
      allowedCaps = null;
    }
    if (allowedCaps != null) {
      for (String cap : allowedCaps) {
        if (requiredDrop.contains(cap)) {
          errors.add(
              "spec.allowedCapabilities: "
                  + cap
                  + " is also in requiredDropCapabilities; remove it from one list");
        }
      }
    }
    Set<String> volumes = set(s.getVolumes(), base);
    if (volumes != null && volumes.contains("*")) {
      volumes = null;
    }
    List<HostPortRange> hostPorts =
        s.getHostPorts() == null ? (base ? null : List.of()) : List.copyOf(s.getHostPorts());
    if (hostPorts != null) {
      for (HostPortRange r : hostPorts) {
        if (r.getMin() == null || r.getMax() == null || r.getMin() > r.getMax()) {
          errors.add(
              "spec.hostPorts: range " + r.getMin() + "-" + r.getMax() + " needs min <= max");
        }
      }
    }
    boolean allowEscalation =
        s.getAllowPrivilegeEscalation() == null || s.getAllowPrivilegeEscalation();
    if (Boolean.TRUE.equals(s.getDefaultAllowPrivilegeEscalation()) && !allowEscalation) {
      errors.add(
          "spec.defaultAllowPrivilegeEscalation: cannot be true while allowPrivilegeEscalation is false");
    }
    Set<String> procMounts =
        s.getAllowedProcMountTypes() == null
            ? (base ? null : Set.of("Default"))
            : new LinkedHashSet<>(s.getAllowedProcMountTypes());
    Set<String> seccompAllowed = null;
    String seccompDefault = null;
    if (s.getSeccomp() != null) {
      seccompDefault = Effective.normalizeSeccomp(s.getSeccomp().getDefaultProfile());
      if (s.getSeccomp().getAllowedProfiles() != null) {
        seccompAllowed =
            s.getSeccomp().getAllowedProfiles().stream()
                .map(Effective::normalizeSeccomp)
                .collect(Collectors.toCollection(LinkedHashSet::new));
      }
    }
    if (seccompAllowed == null && !base) {
      seccompAllowed = Set.of();
    }
    if (seccompAllowed != null && seccompAllowed.contains("*")) {
      seccompAllowed = null;
    }
    if (seccompDefault != null
        && seccompAllowed != null
        && !seccompAllowed.contains(seccompDefault)) {
      errors.add(
          "spec.seccomp.defaultProfile: "
              + seccompDefault
              + " must be one of allowedProfiles "
              + seccompAllowed);
    }
    Set<String> appArmorAllowed = null;
    String appArmorDefault = null;
    if (s.getAppArmor() != null) {
      appArmorDefault = s.getAppArmor().getDefaultProfile();
      if (s.getAppArmor().getAllowedProfiles() != null) {
        appArmorAllowed = new LinkedHashSet<>(s.getAppArmor().getAllowedProfiles());
      }
    }
    if (appArmorDefault != null
        && appArmorAllowed != null
        && !appArmorAllowed.contains(appArmorDefault)) {
      errors.add(
          "spec.appArmor.defaultProfile: "
              + appArmorDefault
              + " must be one of allowedProfiles "
              + appArmorAllowed);
    }
    List<String> forbiddenSysctls = list(s.getForbiddenSysctls());
    List<String> allowedUnsafe =
        s.getAllowedUnsafeSysctls() == null
            ? (base ? null : List.of())
            : List.copyOf(s.getAllowedUnsafeSysctls());
    if (allowedUnsafe != null) {
      for (String a : allowedUnsafe) {
        if (Sysctls.matchesAny(forbiddenSysctls, a)) {
          errors.add(
              "spec.allowedUnsafeSysctls: "
                  + a
                  + " is matched by forbiddenSysctls; remove it from one list");
        }
      }
    }
    Set<String> runtimeClasses = null;
    String defaultRuntimeClass = null;
    if (s.getRuntimeClass() != null) {
      runtimeClasses = new LinkedHashSet<>(list(s.getRuntimeClass().getAllowedRuntimeClassNames()));
      defaultRuntimeClass = s.getRuntimeClass().getDefaultRuntimeClassName();
      if (runtimeClasses.contains("*")) {
        if (runtimeClasses.size() > 1) {
          errors.add("spec.runtimeClass.allowedRuntimeClassNames: '*' must be the only entry");
        }
        runtimeClasses = null;
      }
      if (defaultRuntimeClass != null
          && runtimeClasses != null
          && !runtimeClasses.contains(defaultRuntimeClass)) {
        errors.add(
            "spec.runtimeClass.defaultRuntimeClassName: "
                + defaultRuntimeClass
                + " must be one of allowedRuntimeClassNames "
                + runtimeClasses);
      }
    }
    if (s.getBinding() != null
        && Boolean.TRUE.equals(s.getBinding().getRbacUse())
        && s.getBinding().getSubjects() != null
        && !s.getBinding().getSubjects().isEmpty()) {
      errors.add("spec.binding: list subjects or set rbacUse, not both");
    }
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    CompiledPolicy compiled =
        new CompiledPolicy(
            policy,
            name,
            s.getMode() == null ? PolicyMode.enforce : s.getMode(),
            s.getPriority() == null ? 0 : s.getPriority(),
            level,
            version,
            s.getPrivileged() == null ? base : s.getPrivileged(),
            defaultAdd,
            requiredDrop,
            allowedCaps,
            volumes,
            s.getAllowedHostPaths() == null ? List.of() : List.copyOf(s.getAllowedHostPaths()),
            s.getAllowedFlexVolumes() == null
                ? Set.of()
                : s.getAllowedFlexVolumes().stream()
                    .map(AllowedFlexVolume::getDriver)
                    .collect(Collectors.toSet()),
            s.getAllowedCSIDrivers() == null
                ? Set.of()
                : s.getAllowedCSIDrivers().stream()
                    .map(AllowedCsiDriver::getName)
                    .collect(Collectors.toSet()),
            s.getHostNetwork() == null ? base : s.getHostNetwork(),
            s.getHostPID() == null ? base : s.getHostPID(),
            s.getHostIPC() == null ? base : s.getHostIPC(),
            hostPorts,
            seLinuxRule,
            seLinux == null ? null : seLinux.getSeLinuxOptions(),
            runAsUserRule,
            runAsUserRanges,
            runAsGroupRule,
            runAsGroupRanges,
            supRule,
            supRanges,
            fsRule,
            fsRanges,
            Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()),
            allowEscalation,
            s.getDefaultAllowPrivilegeEscalation(),
            procMounts,
            seccompAllowed,
            seccompDefault,
            appArmorAllowed,
            appArmorDefault,
            forbiddenSysctls,
            allowedUnsafe,
            PodSecurityStandards.safeSysctls(version),
            runtimeClasses,
            defaultRuntimeClass);
    return new Result(compiled, List.of());
  }

  private static GroupStrategy.Rule groupRule(
      String path, GroupStrategy strategy, List<String> errors) {
    if (strategy == null) {
      return GroupStrategy.Rule.RunAsAny;
    }
    if (strategy.getRule() == null) {
      errors.add(path + ".rule: required (MustRunAs, MayRunAs or RunAsAny)");
      return GroupStrategy.Rule.RunAsAny;
    }
    return strategy.getRule();
  }

  private static List<IdRange> ranges(
      String path, List<IdRange> ranges, boolean required, List<String> errors) {
    List<IdRange> result = ranges == null ? List.of() : List.copyOf(ranges);
    if (required && result.isEmpty()) {
      errors.add(path + ": rules MustRunAs and MayRunAs need at least one range");
    }
    for (IdRange r : result) {
      if (r.getMin() == null || r.getMax() == null || r.getMin() > r.getMax()) {
        errors.add(path + ".ranges: range " + r.getMin() + "-" + r.getMax() + " needs min <= max");
      }
    }
    return result;
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  private static Set<String> set(List<String> values, boolean base) {
    if (values == null) {
      return base ? null : Set.of();
    }
    return new LinkedHashSet<>(values);
  }
}
